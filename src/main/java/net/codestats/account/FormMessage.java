package net.codestats.account;

import java.io.Serializable;
import net.codestats.web.PageContext.Flash.Kind;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A message shown next to the form it answers (on a page of several forms, such as the
 * preferences), not at the top of the page, after the redirect back to it.
 *
 * <p>Serializable: it waits in the session, which several nodes may share.
 *
 * @param form the id of the page section the form is in
 */
public record FormMessage(String form, Kind kind, String text) implements Serializable {

  static final String ATTRIBUTE = "formMessage";

  static void success(RedirectAttributes redirect, String form, String text) {
    redirect.addFlashAttribute(ATTRIBUTE, new FormMessage(form, Kind.SUCCESS, text));
  }

  static void info(RedirectAttributes redirect, String form, String text) {
    redirect.addFlashAttribute(ATTRIBUTE, new FormMessage(form, Kind.INFO, text));
  }

  static void error(RedirectAttributes redirect, String form, String text) {
    redirect.addFlashAttribute(ATTRIBUTE, new FormMessage(form, Kind.ERROR, text));
  }

  public boolean isFor(String section) {
    return form.equals(section);
  }

  public String cssClass() {
    return kind.cssClass();
  }
}
