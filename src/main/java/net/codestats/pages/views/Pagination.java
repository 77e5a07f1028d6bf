package net.codestats.pages.views;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Page links of a searchable list: the first and last page and two either side of the current
 * one, with gaps between.
 *
 * @param path the list's path, e.g. {@code /aliases}
 * @param query the search, kept in every link (empty: none)
 */
public record Pagination(String path, String query, int page, int pages) {

  /** A page number to link, or a gap ({@code number == 0}). */
  public record Link(int number, boolean current) {
    public boolean gap() {
      return number == 0;
    }
  }

  public List<Link> links() {
    var links = new ArrayList<Link>();
    int last = 0;
    for (int n = 1; n <= pages; n++) {
      if (n == 1 || n == pages || Math.abs(n - page) <= 2) {
        if (last != 0 && n > last + 1) {
          links.add(new Link(0, false));
        }
        links.add(new Link(n, n == page));
        last = n;
      }
    }
    return links;
  }

  public String href(int number) {
    String search = query.isEmpty() ? "" : "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&";
    return path + "?" + search + "page=" + number;
  }
}
