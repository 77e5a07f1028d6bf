package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Map;
import net.codestats.pages.views.Operator;
import net.codestats.web.PageContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The operator as {@code codestats.operator.*} names them, on the support page. */
class OperatorTest {

  static Document support(Operator operator) {
    var output = new StringOutput();
    var page = new PageContext(null, null, List.of(), "test");
    TemplateEngine.createPrecompiled(ContentType.Html)
        .render("pages/support.jte", Map.of("page", page, "operator", operator), output);
    return Jsoup.parse(output.toString());
  }

  @Test
  void aNamedOperatorWithAnAddressIsShownWithAMailLink() {
    Document page = support(new Operator(" Example Stats Ltd ", "stats@example.com"));
    assertThat(page.select("p.operator").text()).contains("This server is run by Example Stats Ltd.");
    assertThat(page.select("#operator-contact").attr("href")).isEqualTo("mailto:stats@example.com");
  }

  @Test
  void aWebContactIsLinkedAsItIsAndBlankSettingsCountAsUnset() {
    assertThat(support(new Operator("Ann", "https://example.com/contact")).select("#operator-contact").attr("href"))
        .isEqualTo("https://example.com/contact");
    assertThat(support(new Operator(" ", "")).select("p.operator").text())
        .contains("has not given their name", "No contact address is given");
  }
}
