package net.codestats.web;

import java.util.Enumeration;
import java.util.Locale;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110, section 12.5.3): whether a gzipped body
 * may be sent. {@code gzip} (or its old name {@code x-gzip}) or {@code *} with a quality above
 * zero accepts it, unless gzip itself is given {@code q=0}; no header, or a malformed quality,
 * does not.
 */
public final class AcceptEncoding {

  private AcceptEncoding() {}

  /** @param headers every {@code Accept-Encoding} header of the request (null: none) */
  public static boolean acceptsGzip(Enumeration<String> headers) {
    if (headers == null) {
      return false;
    }
    Boolean gzip = null;
    boolean any = false;
    while (headers.hasMoreElements()) {
      for (String item : headers.nextElement().split(",", 64)) {
        int semicolon = item.indexOf(';');
        String coding = (semicolon < 0 ? item : item.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        boolean accepted = semicolon < 0 || quality(item.substring(semicolon + 1)) > 0;
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip = gzip == null ? accepted : gzip || accepted;
        } else if (coding.equals("*")) {
          any |= accepted;
        }
      }
    }
    return gzip != null ? gzip : any;
  }

  /** The {@code q} of the parameters after a coding; 0 when malformed, 1 when absent. */
  private static double quality(String parameters) {
    for (String parameter : parameters.split(";", 8)) {
      String text = parameter.strip();
      if (text.length() > 2 && (text.charAt(0) == 'q' || text.charAt(0) == 'Q') && text.charAt(1) == '=') {
        String value = text.substring(2).strip();
        if (!value.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
          return 0;
        }
        return Double.parseDouble(value);
      }
    }
    return 1;
  }
}
