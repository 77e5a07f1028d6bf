package net.codestats.pulse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.geo.Coords;
import net.codestats.geo.GeoLocator;
import net.codestats.machine.AuthenticatedMachine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages.ResolvedLanguage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** The pulse API's rules, in the contract's order: authenticate, parse, check, store. */
@Service
class PulseIngestion {

  private final Machines machines;
  private final Languages languages;
  private final PulseBatcher batcher;
  private final PulseParser parser;
  private final Accounts accounts;
  private final GeoLocator geo;
  private final ApplicationEventPublisher events;

  PulseIngestion(
      Machines machines,
      Languages languages,
      PulseBatcher batcher,
      Accounts accounts,
      GeoLocator geo,
      Clock clock,
      ApplicationEventPublisher events) {
    this.machines = machines;
    this.accounts = accounts;
    this.geo = geo;
    this.events = events;
    this.languages = languages;
    this.batcher = batcher;
    this.parser = new PulseParser(clock);
  }

  AuthenticatedMachine authenticate(List<String> tokenHeaders) {
    if (tokenHeaders.size() != 1) {
      throw new PulseRejected(HttpStatus.FORBIDDEN, PulseRejected.NOT_AUTHENTICATED);
    }
    return machines
        .authenticate(tokenHeaders.getFirst().strip())
        // a disabled account's tokens are refused like a wrong one (its look-up finds nothing)
        .filter(machine -> accounts.lookUp(machine.userId()).isPresent())
        .orElseThrow(() -> new PulseRejected(HttpStatus.FORBIDDEN, PulseRejected.NOT_AUTHENTICATED));
  }

  /** Stores the pulse durably; a retry of a stored pulse is accepted and stored once. */
  void ingest(AuthenticatedMachine machine, byte[] body, String clientIp) {
    ParsedPulse pulse = parser.parse(body);
    List<ResolvedLanguage> resolved;
    try {
      resolved =
          languages.resolveAll(machine.userId(), pulse.entries().stream().map(ParsedPulse.Entry::language).toList());
    } catch (Languages.TooManyNewLanguages e) {
      throw new PulseRejected(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfterSeconds());
    }
    // Waits for the group commit that holds this pulse: nothing is acknowledged before it is durable.
    var outcome = batcher.store(StoredPulse.of(machine, pulse, resolved));
    if (outcome == PulseStore.Outcome.MACHINE_GONE) {
      throw new PulseRejected(HttpStatus.FORBIDDEN, PulseRejected.NOT_AUTHENTICATED);
    }
    if (outcome == PulseStore.Outcome.STORED) {
      // the one account look-up for this pulse's listeners; no event for an account deleted meanwhile
      boolean privateProfile;
      try {
        Optional<User> user = accounts.lookUp(machine.userId());
        if (user.isEmpty()) {
          return;
        }
        privateProfile = user.get().privateProfile();
      } catch (DataAccessException e) {
        // stored all the same: announced as a private profile's, for its owner alone
        privateProfile = true;
      }
      // private users' locations are never looked up; the address itself goes no further
      Coords coords = privateProfile ? null : geo.locate(clientIp).orElse(null);
      var xps = new ArrayList<PulseStored.LanguageXp>(resolved.size());
      for (int i = 0; i < resolved.size(); i++) {
        xps.add(new PulseStored.LanguageXp(resolved.get(i).countedName(), pulse.entries().get(i).xp()));
      }
      events.publishEvent(
          new PulseStored(
              PulseStored.Origin.THIS_NODE,
              machine.userId(),
              privateProfile,
              machine.machineId(),
              machine.machineName(),
              pulse.sentAt(),
              pulse.offsetMinutes(),
              List.copyOf(xps),
              coords));
    }
  }
}
