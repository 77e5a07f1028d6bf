package net.codestats.badge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An SVG as it is served, encoded and tagged once: a cached badge is then written as it is.
 *
 * @param etag a strong tag from the bytes' digest, or null for answers not to be cached
 */
record RenderedSvg(HttpStatus status, byte[] body, String etag) {

  static final MediaType SVG = MediaType.valueOf("image/svg+xml");
  private static final CacheControl FIVE_MINUTES = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

  /** A 200 answer that browsers and image proxies may keep for five minutes. */
  static RenderedSvg cacheable(String svg) {
    byte[] body = svg.getBytes(StandardCharsets.UTF_8);
    return new RenderedSvg(HttpStatus.OK, body, '"' + digest(body) + '"');
  }

  /** An answer (a 404 or 400) that nobody should keep: it may stop being true at any time. */
  static RenderedSvg uncached(HttpStatus status, String svg) {
    return new RenderedSvg(status, svg.getBytes(StandardCharsets.UTF_8), null);
  }

  ResponseEntity<byte[]> response() {
    // readable by scripts of any origin too, like the public JSON
    var response =
        ResponseEntity.status(status).contentType(SVG).header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (etag == null) {
      response.cacheControl(CacheControl.noStore());
    } else {
      // Spring answers 304 itself when If-None-Match names this tag
      response.cacheControl(FIVE_MINUTES).eTag(etag);
    }
    return response.body(body);
  }

  /** The cache's weight of an entry: its bytes. */
  int weight() {
    return body.length;
  }

  private static String digest(byte[] body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
