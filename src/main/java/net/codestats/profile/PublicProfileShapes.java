package net.codestats.profile;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** Answers of {@code GET /api/users/{username}} other than the profile, for the OpenAPI document. */
final class PublicProfileShapes {

  static final String NOT_FOUND = "User not found or private.";

  private PublicProfileShapes() {}

  @Schema(name = "UserNotFound", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record NotFound(@Schema(requiredMode = RequiredMode.REQUIRED, _const = NOT_FOUND) String error) {}
}
