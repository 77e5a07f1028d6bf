package net.codestats.account;

import net.codestats.machine.Machines;
import net.codestats.system.CodeStatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * With {@code codestats.demo=true}: a user "demo" (password "demo-password") with a machine,
 * whose token is printed, so that a pulse can be sent with curl right after start-up.
 */
@Component
@ConditionalOnBooleanProperty("codestats.demo")
class DemoAccount implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);
  static final String USERNAME = "demo";
  static final String MACHINE = "demo-machine";
  static final String PASSWORD = "demo-password";

  private final Accounts accounts;
  private final Machines machines;
  private final CodeStatsProperties properties;

  DemoAccount(Accounts accounts, Machines machines, CodeStatsProperties properties) {
    this.accounts = accounts;
    this.machines = machines;
    this.properties = properties;
  }

  @Override
  @SuppressWarnings("checkstyle:noSystemOutErr") // the token goes to the console, never to the logs
  public void run(ApplicationArguments args) {
    User user =
        accounts
            .findByUsername(USERNAME)
            .orElseGet(() -> accounts.create(USERNAME, PASSWORD, null));
    String token =
        machines.list(user.id()).stream()
            .filter(m -> m.name().equals(MACHINE))
            .findFirst()
            .map(m -> machines.token(user.id(), m.id()))
            .orElseGet(() -> machines.create(user.id(), MACHINE).token());
    String url = properties.publicUrl().toString().replaceAll("/$", "");
    // Printed to the console, not logged: tokens never go to the logs.
    System.out.printf(
        """

        Demo user "%s" (password "%s") with machine "%s". Send a pulse:
          curl -i -X POST %s/api/my/pulses -H 'Content-Type: application/json' -H 'X-API-Token: %s' \\
            -d "{\\"coded_at\\":\\"$(date -Iseconds)\\",\\"xps\\":[{\\"language\\":\\"Java\\",\\"xp\\":42}]}"
        and read it back:
          curl %s/api/users/%s

        """,
        USERNAME, PASSWORD, MACHINE, url, token, url, USERNAME);
    log.info("Demo user {} ready", USERNAME);
  }
}
