package net.codestats.pulse;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The wire shapes of {@code POST /api/my/pulses} for its OpenAPI document (/api/openapi.json).
 * The controller reads and writes them by hand ({@link PulseParser}, a constant answer), so
 * reflection over it finds nothing to describe: these records are what it would have been.
 * The error texts are the exact ones clients get; OpenApiContractTest checks real answers
 * against them.
 */
final class PulseApiShapes {

  private PulseApiShapes() {}

  @Schema(
      name = "PulseRequest",
      description = "One pulse: the XP typed per language since the last one. Other keys are ignored.")
  record Request(
      @JsonProperty("coded_at") @Schema(
          requiredMode = RequiredMode.REQUIRED,
          format = "date-time",
          example = "2026-11-28T03:07:43+05:30",
          description = "Local wall-clock time with its UTC offset (+05:30, +0530 or Z; fractions of a second "
              + "allowed). At most 7 days old; a time in the future counts as now.") String codedAt,
      @ArraySchema(
          maxItems = PulseLimits.MAX_ENTRIES,
          arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED,
              description = "May be empty; a language may appear twice (both count).")) List<Entry> xps) {}

  @Schema(name = "PulseXp")
  record Entry(
      @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = Languages.MAX_NAME_LENGTH,
          description = "Trimmed; empty means Plain text; matched without regard to case.",
          example = "Python") String language,
      @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", maximum = "" + PulseLimits.MAX_XP_PER_ENTRY,
          description = "A JSON integer (not 15.0, not \"15\").", example = "17") long xp) {}

  @Schema(name = "PulseCreated", additionalProperties = AdditionalPropertiesValue.FALSE)
  record Created(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "Great success!") String ok) {}

  @Schema(name = "PulseUnauthenticated", additionalProperties = AdditionalPropertiesValue.FALSE)
  record Unauthenticated(
      @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = PulseRejected.NOT_AUTHENTICATED) String error) {}

  @Schema(name = "PulseInvalid", additionalProperties = AdditionalPropertiesValue.FALSE)
  record Invalid(
      @Schema(
          requiredMode = RequiredMode.REQUIRED,
          allowableValues = {
            PulseRejected.INVALID_XPS_FORMAT,
            PulseRejected.INVALID_CODED_AT,
            PulseRejected.INVALID_DATE,
            PulseRejected.INVALID_OFFSET,
            PulseRejected.INVALID_XP,
            "Too many XP entries: at most " + PulseLimits.MAX_ENTRIES + " per pulse.",
            "XP amount too large: at most " + PulseLimits.MAX_XP_PER_ENTRY + " per entry.",
            "Language name too long: at most " + Languages.MAX_NAME_LENGTH + " characters."
          }) String error) {
  }

  @Schema(name = "PulseTooLarge", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TooLarge(
      @Schema(requiredMode = RequiredMode.REQUIRED,
          allowableValues = "Request body too large: at most " + PulseLimits.MAX_BODY_BYTES
              + " bytes.") String error) {}

  @Schema(name = "PulseTooMany", additionalProperties = AdditionalPropertiesValue.FALSE)
  record TooMany(
      @Schema(
          requiredMode = RequiredMode.REQUIRED,
          pattern = "^(Too many pulses from this machine, retry in [0-9]+ s\\.|Too many new languages: at most [0-9]+ "
              + "new languages per user in 24 hours\\.)$") String error) {}
}
