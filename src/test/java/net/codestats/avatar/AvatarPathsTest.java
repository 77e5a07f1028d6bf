package net.codestats.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The avatar at {@code /avatar/{name}} and at the original's {@code /users/{name}/avatar}, with the same privacy. */
@IntegrationTest
class AvatarPathsTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void bothPathsServeAPublicAvatarAndAPrivateOneOnlyToItsOwner() {
    String publicName = TestUsers.uniqueName("face");
    String privateName = TestUsers.uniqueName("hiddenface");
    accounts.create(publicName, PASSWORD, null);
    var hidden = accounts.create(privateName, PASSWORD, null);
    accounts.setPrivateProfile(hidden.id(), true);
    var visitor = new WebSession(port);
    var owner = new WebSession(port);
    owner.login(privateName, PASSWORD);
    var other = new WebSession(port);
    other.login(publicName, PASSWORD);

    for (String path : List.of("/avatar/%s", "/users/%s/avatar")) {
      var avatar = visitor.get(path.formatted(publicName));
      assertThat(avatar.statusCode()).as(path).isEqualTo(200);
      assertThat(avatar.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/");
      assertThat(visitor.get(path.formatted(publicName.toUpperCase())).statusCode()).as(path).isEqualTo(200);

      assertThat(visitor.get(path.formatted(privateName)).statusCode()).as(path).isEqualTo(404);
      assertThat(visitor.get(path.formatted(privateName.toUpperCase())).statusCode()).as(path).isEqualTo(404);
      assertThat(other.get(path.formatted(privateName)).statusCode()).as(path).isEqualTo(404);
      assertThat(owner.get(path.formatted(privateName)).statusCode()).as(path).isEqualTo(200);
      assertThat(visitor.get(path.formatted("no-such-user-" + System.nanoTime())).statusCode()).as(path).isEqualTo(404);
    }
  }
}
