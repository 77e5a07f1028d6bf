package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;

/** For a form shown again in the same request: its error joins the page's messages. */
public final class PageContexts {

  private PageContexts() {}

  public static void error(Model model, HttpServletRequest request, String text) {
    Object shown = model.getAttribute("page");
    if ((shown != null ? shown : PageContext.of(request)) instanceof PageContext page) {
      model.addAttribute("page", page.withFlash(PageContext.Flash.Kind.ERROR, text));
    }
  }
}
