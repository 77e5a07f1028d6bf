package net.codestats.web;

import org.springframework.ui.Model;

/** For a form shown again in the same request: its error joins the page's messages. */
public final class PageContexts {

  private PageContexts() {}

  public static void error(Model model, String text) {
    if (model.getAttribute("page") instanceof PageContext page) {
      model.addAttribute("page", page.withFlash(PageContext.Flash.Kind.ERROR, text));
    }
  }
}
