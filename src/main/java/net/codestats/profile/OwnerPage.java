package net.codestats.profile;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.codestats.web.AcceptEncoding;
import net.codestats.web.PageContext;
import net.codestats.web.SplicedGzip;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.servlet.View;

/**
 * The whole profile page as its owner sees it, rendered once per snapshot with the places of
 * the two values that differ per request (the forms' CSRF token and the live socket's channel
 * token) left open: a view then costs writing the bytes with the two tokens in between, not a
 * render of the layout around a 90 KB body. For browsers, which ask for gzip, the parts are
 * compressed once too, and the tokens go between them uncompressed ({@link SplicedGzip}).
 *
 * <p>The open places are marked by random strings drawn when the class loads, which no
 * user's text (a language or machine name) can spell on purpose.
 */
final class OwnerPage {

  private static final String CSRF_MARK = mark();
  private static final String CHANNEL_MARK = mark();

  /** What the page was rendered for, besides its snapshot (the cache's key). */
  private record Fit(String username, boolean privateProfile, boolean admin, String csrfParameter, String version) {
    static Fit of(PageContext page, boolean privateProfile) {
      return new Fit(page.username(), privateProfile, page.admin(), page.csrfParameter(), page.version());
    }
  }

  private enum Slot {
    CSRF,
    CHANNEL
  }

  private final Fit fit;
  /** {@code parts[0]}, the token of {@code slots[0]}, {@code parts[1]}, … {@code parts[n]} */
  private final byte[][] parts;
  private final Slot[] slots;
  /** the bytes of all parts, without the tokens */
  private final long partsLength;
  /** the parts gzipped, made at the first request that accepts it */
  private volatile SplicedGzip gzipped;

  private OwnerPage(Fit fit, byte[][] parts, Slot[] slots) {
    this.fit = fit;
    this.parts = parts;
    this.slots = slots;
    long length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    this.partsLength = length;
  }

  /**
   * Whether the request's page context and tokens can be served from this page: no message to
   * show, the same user, role and privacy, and tokens that need no escaping in an attribute.
   */
  static boolean servable(PageContext page, String channelToken) {
    return page.loggedIn() && page.flashes().isEmpty() && page.csrf() != null
        && plain(page.csrfToken()) && plain(channelToken);
  }

  boolean fits(PageContext page, boolean privateProfile) {
    return fit.equals(Fit.of(page, privateProfile));
  }

  /** Renders {@code template} with the model and the page context, its tokens left open. */
  static OwnerPage render(TemplateEngine templates, String template, PageContext page, ProfilePage ownPage,
      boolean privateProfile, String body) {
    var marked =
        new PageContext(
            page.username(),
            new DefaultCsrfToken(page.csrfHeader(), page.csrfParameter(), CSRF_MARK),
            List.of(),
            page.version(),
            page.admin());
    var output = new StringOutput(128 * 1024);
    templates.render(
        template,
        Map.of("page", marked, "profile", ownPage.forOwner(CHANNEL_MARK, privateProfile), "body", body),
        output);
    String html = output.toString();
    List<byte[]> parts = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    int from = 0;
    while (true) {
      int csrf = html.indexOf(CSRF_MARK, from);
      int channel = html.indexOf(CHANNEL_MARK, from);
      int at = csrf < 0 ? channel : channel < 0 ? csrf : Math.min(csrf, channel);
      if (at < 0) {
        break;
      }
      parts.add(html.substring(from, at).getBytes(StandardCharsets.UTF_8));
      slots.add(at == csrf ? Slot.CSRF : Slot.CHANNEL);
      from = at + (at == csrf ? CSRF_MARK.length() : CHANNEL_MARK.length());
    }
    parts.add(html.substring(from).getBytes(StandardCharsets.UTF_8));
    return new OwnerPage(Fit.of(page, privateProfile), parts.toArray(byte[][]::new), slots.toArray(Slot[]::new));
  }

  /** The page with this request's tokens. */
  View view(String csrfToken, String channelToken) {
    byte[] csrf = csrfToken.getBytes(StandardCharsets.US_ASCII);
    byte[] channel = channelToken.getBytes(StandardCharsets.US_ASCII);
    byte[][] values = new byte[slots.length][];
    for (int i = 0; i < slots.length; i++) {
      values[i] = slots[i] == Slot.CSRF ? csrf : channel;
    }
    return (HtmlBytesView) (model, request, response) -> {
      response.setContentType(HtmlBytesView.CONTENT_TYPE);
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
      if (AcceptEncoding.acceptsGzip(request.getHeaders(HttpHeaders.ACCEPT_ENCODING))) {
        byte[] body = gzipped().bytes(values);
        response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return;
      }
      long length = partsLength;
      for (byte[] value : values) {
        length += value.length;
      }
      response.setContentLengthLong(length);
      OutputStream out = response.getOutputStream();
      for (int i = 0; i < values.length; i++) {
        out.write(parts[i]);
        out.write(values[i]);
      }
      out.write(parts[values.length]);
    };
  }

  /** Two requests at once may both compress it: the same bytes, one is kept. */
  private SplicedGzip gzipped() {
    SplicedGzip gzip = gzipped;
    if (gzip == null) {
      gzip = SplicedGzip.of(List.of(parts));
      gzipped = gzip;
    }
    return gzip;
  }

  /** Characters an HTML attribute takes as they are (Base64url, the tokens' alphabet, and the dot). */
  private static boolean plain(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '='
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static String mark() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return "open" + HexFormat.of().formatHex(random);
  }
}
