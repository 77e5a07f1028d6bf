package net.codestats.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Messages for the page after a redirect, shown once by the layout. */
public final class Flashes {

  private Flashes() {}

  public static void info(RedirectAttributes redirect, String text) {
    add(redirect, PageContext.Flash.Kind.INFO, text);
  }

  public static void success(RedirectAttributes redirect, String text) {
    add(redirect, PageContext.Flash.Kind.SUCCESS, text);
  }

  public static void error(RedirectAttributes redirect, String text) {
    add(redirect, PageContext.Flash.Kind.ERROR, text);
  }

  private static void add(RedirectAttributes redirect, PageContext.Flash.Kind kind, String text) {
    List<PageContext.Flash> flashes = new ArrayList<>();
    if (redirect.getFlashAttributes().get(PageContextInterceptor.FLASHES) instanceof List<?> existing) {
      existing.stream().map(PageContext.Flash.class::cast).forEach(flashes::add);
    }
    flashes.add(new PageContext.Flash(kind, text));
    redirect.addFlashAttribute(PageContextInterceptor.FLASHES, flashes);
  }
}
