package net.codestats.profile;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.View;

/** A view that writes a whole HTML page's bytes itself (a page rendered once, kept as bytes). */
@FunctionalInterface
interface HtmlBytesView extends View {

  String CONTENT_TYPE = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

  @Override
  default String getContentType() {
    return CONTENT_TYPE;
  }
}
