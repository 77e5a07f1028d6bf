package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.support.WebSession;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code /aliases}: only languages of public profiles, a page at a time, searchable. */
@IntegrationTest
class LanguageListTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;

  Http http;
  TestUsers users;
  String run;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  void send(UserWithMachine user, List<String> names) {
    String now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();
    String xps =
        names.stream().map(n -> "{\"language\":\"" + n + "\",\"xp\":5}").collect(Collectors.joining(",", "[", "]"));
    var response = http.postPulse(user.token(), "{\"coded_at\":\"" + now + "\",\"xps\":" + xps + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  UserWithMachine privateUser() {
    UserWithMachine user = users.userWithMachine("hidden");
    accounts.setPrivateProfile(user.user().id(), true);
    return user;
  }

  Document search(String query) {
    return new WebSession(port).page("/aliases?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  List<String> rows(Document page) {
    return page.select("#aliases tbody tr").stream().map(tr -> String.join(" | ", tr.select("td").eachText())).toList();
  }

  @Test
  void onlyLanguagesAndAliasesThatAPublicProfileSentAreListed() {
    UserWithMachine visible = users.userWithMachine("visible");
    UserWithMachine hidden = privateUser();
    String shared = "Listed-" + run;
    String secret = "Listed-" + run + "-secret";
    String publicAlias = "Listed-" + run + "-pubalias";
    String privateAlias = "Listed-" + run + "-privalias";
    String plain = "Listed-" + run + "-plain";
    send(visible, List.of(shared, publicAlias, plain));
    send(hidden, List.of(shared, secret, privateAlias));
    languages.makeAlias(publicAlias, shared);
    languages.makeAlias(privateAlias, shared);

    List<String> listed = rows(search("Listed-" + run));
    assertThat(listed).containsExactly(shared + " | " + publicAlias, plain + " | No aliases.");
    String whole = search("Listed-" + run).text();
    assertThat(whole).doesNotContain(secret).doesNotContain(privateAlias);

    // a public profile that goes private takes its languages off the list
    accounts.setPrivateProfile(visible.user().id(), true);
    assertThat(rows(search("Listed-" + run))).isEmpty();
    assertThat(search("Listed-" + run).select("#language-count").text()).contains("No language matches");
  }

  @Test
  void theListComesAHundredAPageWithPageLinksThatKeepTheSearch() {
    String prefix = "Paged-" + run + "-";
    UserWithMachine first = users.userWithMachine("pager");
    UserWithMachine second = users.userWithMachine("pager");
    List<String> names = IntStream.range(0, 120).mapToObj(i -> prefix + "%03d".formatted(i)).toList();
    send(first, names.subList(0, 60));
    send(second, names.subList(60, 120));

    Document one = search(prefix);
    assertThat(rows(one)).hasSize(100);
    assertThat(rows(one).getFirst()).isEqualTo(prefix + "000 | No aliases.");
    assertThat(one.select("#language-count").text()).contains("120 languages", "page 1 of 2");
    String next = one.select(".pagination a[rel=next]").attr("href");
    assertThat(next).isEqualTo("/aliases?q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&page=2");
    assertThat(one.select("#language-query").attr("value")).isEqualTo(prefix);

    Document two = new WebSession(port).page(next);
    assertThat(rows(two)).hasSize(20).first().isEqualTo(prefix + "100 | No aliases.");
    assertThat(two.select(".pagination [aria-current=page]").text()).isEqualTo("2");

    // a page past the end shows the last one; a page that is no number is a clear 400
    assertThat(rows(new WebSession(port).page("/aliases?q=" + prefix + "&page=99"))).hasSize(20);
    var web = new WebSession(port);
    assertThat(web.get("/aliases?page=abc").statusCode()).isEqualTo(400);
    assertThat(web.get("/aliases?q=" + "x".repeat(2000)).statusCode()).isEqualTo(200);
  }
}
