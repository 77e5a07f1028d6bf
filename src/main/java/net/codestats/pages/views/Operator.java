package net.codestats.pages.views;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who runs this server, named on the support page and in the terms.
 *
 * @param name the operator's name (a person or an organisation); not set: the pages say the
 *     operator has not named themselves
 * @param contact an e-mail address or a web address (https://…) for questions and requests
 *     about personal data; not set: the pages say no contact is given
 */
@ConfigurationProperties("codestats.operator")
public record Operator(String name, String contact) {

  public Operator {
    name = name == null || name.isBlank() ? null : name.strip();
    contact = contact == null || contact.isBlank() ? null : contact.strip();
  }

  public boolean named() {
    return name != null;
  }

  public boolean reachable() {
    return contact != null;
  }

  /** A link for the contact: {@code mailto:} for an address, the address itself for a web page. */
  public String contactHref() {
    if (contact == null) {
      return null;
    }
    String lower = contact.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return contact;
    }
    return "mailto:" + contact;
  }
}
