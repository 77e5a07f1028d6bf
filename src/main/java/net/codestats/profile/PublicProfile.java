package net.codestats.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.Map;

/**
 * The public profile JSON that README badges, viewers and apps read. The {@code @Schema}
 * annotations describe it in the OpenAPI document; {@code machines} and {@code languages} are
 * keyed by name, {@code dates} by local date (PublicProfileShapes adds what reflection misses).
 */
@Schema(name = "PublicProfile", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record PublicProfile(
    @Schema(requiredMode = RequiredMode.REQUIRED, description = "The stored name", example = "Nicd") String user,
    @JsonProperty("total_xp") @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long totalXp,
    @JsonProperty("new_xp") @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long newXp,
    @Schema(requiredMode = RequiredMode.REQUIRED, description = "Active machines by name") Map<String, Xp> machines,
    @Schema(requiredMode = RequiredMode.REQUIRED, description = "Languages by name") Map<String, Xp> languages,
    @Schema(requiredMode = RequiredMode.REQUIRED,
        description = "XP per local date (YYYY-MM-DD)") Map<String, Long> dates) {

  @Schema(name = "ProfileXp", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record Xp(
      @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long xps,
      @JsonProperty("new_xps") @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long newXps) {}
}
