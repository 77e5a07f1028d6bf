package net.codestats.web;

/**
 * The site's Content-Security-Policy, and the one page that needs one thing more. Scripts and
 * styles come from this origin only, everywhere: no inline script, no eval, no inline style sheet.
 */
public final class ContentSecurityPolicies {

  /** Every page, set by {@link SecurityConfiguration}. */
  public static final String SITE =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

  /**
   * GraphiQL's style sheet (from its WebJar) embeds its fonts as {@code data:} URLs, which
   * {@code default-src 'self'} refuses; the page sets this policy itself (Spring Security keeps
   * a policy a response already has). Fonts only: scripts and styles stay as strict as {@link #SITE}.
   */
  public static final String WITH_DATA_FONTS = SITE + "; font-src 'self' data:";

  public static final String HEADER = "Content-Security-Policy";

  private ContentSecurityPolicies() {}
}
