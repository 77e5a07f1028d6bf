package net.codestats.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's one error shape, {@code {"error":"…"}}, which plugins and other clients read
 * (spec api.md). Jackson writes it, so any message is escaped; controllers answer with {@link
 * #answer}, code outside a controller (a view, a filter) with {@link #write}.
 */
@Schema(name = "ErrorBody", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record ErrorBody(
    @Schema(requiredMode = RequiredMode.REQUIRED, description = "For people, not programs") String error) {

  private static final JsonMapper JSON = JsonMapper.shared();

  /** The response built so far (status, headers), with this error as its JSON body. */
  public static ResponseEntity<ErrorBody> answer(ResponseEntity.BodyBuilder response, String message) {
    return response.contentType(MediaType.APPLICATION_JSON).body(new ErrorBody(message));
  }

  /** Writes the error as the body of a response whose status is already set. */
  public static void write(HttpServletResponse response, String message) throws IOException {
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write(JSON.writeValueAsBytes(new ErrorBody(message)));
  }
}
