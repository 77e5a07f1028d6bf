package net.codestats.profile;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.codestats.web.AcceptEncoding;
import net.codestats.web.PageContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.View;

/**
 * A whole page as every visitor without a login or a message sees it, rendered once and then
 * served as bytes: a much-shared page (a profile) then costs about what a static file does.
 * Browsers ask for gzip, so the page is also compressed once, at its first such request (a
 * heavy profile's 93 KB go out as 15 KB, and a proxy in front does not compress it again).
 * The owner of the cache decides when the page is out of date.
 */
public final class VisitorPage {

  private final byte[] html;
  /** the html gzipped, made at the first request that accepts it */
  private volatile byte[] gzipped;

  public VisitorPage(byte[] html) {
    this.html = html;
  }

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
    return (HtmlBytesView) (model, request, response) -> {
      response.setContentType(HtmlBytesView.CONTENT_TYPE);
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
      byte[] body = html;
      if (AcceptEncoding.acceptsGzip(request.getHeaders(HttpHeaders.ACCEPT_ENCODING))) {
        body = gzipped();
        response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
      }
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    };
  }

  /** Two requests at once may both compress it: the same bytes, one is kept. */
  byte[] gzipped() {
    byte[] bytes = gzipped;
    if (bytes == null) {
      var out = new ByteArrayOutputStream(html.length / 4);
      try (var gzip = new GZIPOutputStream(out, 8192)) {
        gzip.write(html);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not from memory
      }
      bytes = out.toByteArray();
      gzipped = bytes;
    }
    return bytes;
  }
}
