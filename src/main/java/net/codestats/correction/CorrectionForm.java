package net.codestats.correction;

/**
 * What the page's form sends, as text: each part may be empty (not chosen).
 *
 * @param machine a machine id
 * @param language a language id
 * @param from the first minute included, {@code yyyy-MM-ddTHH:mm} (or a date)
 * @param until the first minute no longer included
 * @param zone {@code utc}, or {@code local}: the offset of the user's latest pulse
 */
public record CorrectionForm(String machine, String language, String from, String until, String zone) {

  public CorrectionForm {
    machine = trim(machine);
    language = trim(language);
    from = trim(from);
    until = trim(until);
    zone = "local".equals(trim(zone)) ? "local" : "utc";
  }

  static CorrectionForm empty() {
    return new CorrectionForm("", "", "", "", "utc");
  }

  boolean isEmpty() {
    return machine.isEmpty() && language.isEmpty() && from.isEmpty() && until.isEmpty();
  }

  private static String trim(String value) {
    return value == null ? "" : value.strip();
  }
}
