package net.codestats.admin.views;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Previous and next links of a paged admin list, keeping its search. */
public record Paging(String path, String query, int page, int pages, long total) {

  public static final int PAGE_SIZE = 50;

  public static Paging of(String path, String query, int requested, long total) {
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    return new Paging(path, query, Math.clamp(requested, 1, pages), pages, total);
  }

  /** A search as typed, made safe to query with: trimmed, no control characters, at most 255 characters. */
  public static String cleanQuery(String query) {
    if (query == null) {
      return "";
    }
    String clean = query.codePoints().filter(c -> !Character.isISOControl(c) && !Character.isSurrogate((char) c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    return clean.length() > 255 ? clean.substring(0, 255) : clean;
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public long offset() {
    return (long) (page - 1) * PAGE_SIZE;
  }

  public String href(int number) {
    String q = query.isEmpty() ? "" : "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&";
    return path + "?" + q + "page=" + number;
  }
}
