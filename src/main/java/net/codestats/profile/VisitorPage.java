package net.codestats.profile;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.codestats.web.PageContext;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.View;

/**
 * A whole page as every visitor without a login or a message sees it, rendered once and then
 * served as bytes: a much-shared page (a profile) then costs about what a static file does.
 * The owner of the cache decides when the page is out of date.
 */
public record VisitorPage(byte[] html) {

  /** Renders {@code template} with {@code model} and a page context for many visitors. */
  public static VisitorPage render(TemplateEngine templates, String template, Map<String, Object> model,
      PageContext page) {
    var parameters = new HashMap<>(model);
    parameters.put("page", page.forManyVisitors());
    var output = new StringOutput(64 * 1024);
    templates.render(template, parameters, output);
    return new VisitorPage(output.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The page's bytes, as they are. */
  public View view() {
    return new View() {
      @Override
      public String getContentType() {
        return MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";
      }

      @Override
      public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType(getContentType());
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
      }
    };
  }
}
