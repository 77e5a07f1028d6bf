package net.codestats.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

/**
 * Errors in the site's own style for browsers; API paths (and clients that do not ask for
 * HTML) get a JSON error, as plugins expect. Replaces Boot's whitelabel page.
 */
@PageController
class ErrorPageController implements ErrorController {

  @RequestMapping("/error")
  ModelAndView error(HttpServletRequest request) {
    HttpStatus status = status(request);
    if (isApi(request) || !acceptsHtml(request)) {
      var json = new ModelAndView(new JsonError(jsonMessage(status)));
      json.setStatus(status);
      return json;
    }
    return new ModelAndView(
        "web/error",
        Map.of("status", status.value(), "heading", heading(status), "message", message(status)),
        status);
  }

  private static boolean isApi(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri instanceof String s ? s : request.getRequestURI();
    return path.startsWith("/api/") || path.startsWith("/profile-graph");
  }

  private static boolean acceptsHtml(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    try {
      return MediaType.parseMediaTypes(accept).stream()
          .anyMatch(type -> !type.isWildcardType() && type.isCompatibleWith(MediaType.TEXT_HTML));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static HttpStatus status(HttpServletRequest request) {
    if (request.getDispatcherType() != DispatcherType.ERROR) {
      // someone asked for /error itself: there is no such page
      return HttpStatus.NOT_FOUND;
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (code instanceof Integer value) {
      HttpStatus status = HttpStatus.resolve(value);
      if (status != null) {
        return status;
      }
    }
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private static String heading(HttpStatus status) {
    return switch (status.value()) {
      case 403 -> "Forbidden";
      case 404 -> "Page not found";
      case 429 -> "Too many attempts";
      case 500 -> "Something went wrong";
      default -> status.value() + " " + status.getReasonPhrase();
    };
  }

  private static String message(HttpStatus status) {
    return switch (status.value()) {
      case 400 -> "The request could not be understood.";
      case 403 ->
        "You are not allowed to do that. If you sent a form, it may have expired: reload the page and try again.";
      case 404 -> "The page you were looking for does not exist.";
      case 405 -> "That does not work here.";
      case 413 -> "What you sent is too large.";
      case 429 -> "Too many attempts. Please wait a while and try again.";
      case 503 -> "The service is temporarily unavailable. Please try again shortly.";
      default ->
        status.is5xxServerError()
            ? "An error occurred on the server. It has been logged; please try again later."
            : status.getReasonPhrase() + ".";
    };
  }

  private static String jsonMessage(HttpStatus status) {
    return switch (status.value()) {
      case 403 -> "You must be authenticated";
      case 404 -> "Not found.";
      case 429 -> "Too many requests.";
      default -> status.getReasonPhrase();
    };
  }

  /** The message as the API's {@link ErrorBody}. */
  private record JsonError(String message) implements View {
    @Override
    public String getContentType() {
      return MediaType.APPLICATION_JSON_VALUE;
    }

    @Override
    public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      ErrorBody.write(response, message);
    }
  }
}
