package net.codestats.pulse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way pulses and their XP are written, by the pulse API and by the CSV import: a batch
 * at a time, one statement per table, inside the caller's transaction. The written XP is
 * published as {@link XpWritten} in that transaction, for the aggregates.
 *
 * <p><b>The same pulse.</b> A pulse is stored once per machine and {@linkplain #fingerprint
 * fingerprint}: the SHA-256 of its instant in whole seconds (the coded_at a client sent, or an
 * imported row's sent_at), its UTC offset and its entries in any order, each as its language
 * name (trimmed, lower-cased) and amount. A client's retry therefore counts once, two
 * different pulses in the same second both count, and a file exported from this server (which
 * keeps the times to the microsecond and the language names as sent) adds nothing when it is
 * imported again. One case is not recognised: a pulse whose coded_at lay in the future was
 * stored at its arrival time, and its export names that time, not the coded_at.
 */
@Service
public class PulseWriter {

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  PulseWriter(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** One XP entry as sent: the language name before aliasing, and the amount. */
  public record SentXp(String language, int amount) {}

  /**
   * @param language the resolved language the XP was sent under
   * @param amount the XP
   */
  public record NewXp(Languages.ResolvedLanguage language, int amount) {}

  /**
   * A pulse to write.
   *
   * @param sentAt the stored UTC instant
   * @param fingerprint from {@link #fingerprint}
   */
  public record NewPulse(
      long userId,
      long machineId,
      Instant sentAt,
      int offsetMinutes,
      LocalDateTime sentAtLocal,
      UUID fingerprint,
      List<NewXp> xps) {}

  /** "The same pulse" (see the class comment). */
  public static UUID fingerprint(Instant instant, int offsetMinutes, List<SentXp> entries) {
    var keys = new ArrayList<String>(entries.size());
    for (SentXp entry : entries) {
      keys.add(Languages.normalize(entry.language()).toLowerCase(Locale.ROOT) + '\t' + entry.amount());
    }
    keys.sort(null);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(12).putLong(instant.getEpochSecond()).putInt(offsetMinutes).array());
      for (String key : keys) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
      }
      ByteBuffer digest = ByteBuffer.wrap(sha.digest());
      return new UUID(digest.getLong(), digest.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Writes the pulses that are not stored yet, with their XP, and publishes {@link XpWritten}.
   *
   * @return for each pulse, in order: true when written, false when it was already stored (or
   *     came twice in the batch)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Boolean> write(List<NewPulse> pulses) {
    if (pulses.isEmpty()) {
      return List.of();
    }
    Map<PulseKey, Long> inserted = insertPulses(pulses);
    var written = new ArrayList<Boolean>(pulses.size());
    var xps = new XpRows();
    for (NewPulse p : pulses) {
      // remove: the same pulse twice in one batch is stored once
      Long pulseId = inserted.remove(new PulseKey(p.machineId(), p.fingerprint()));
      written.add(pulseId != null);
      if (pulseId != null) {
        xps.add(pulseId, p);
      }
    }
    if (!xps.isEmpty()) {
      jdbc.sql(
          """
              insert into xps (pulse_id, user_id, language_id, original_language_id, amount)
              select * from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[])""")
          .params(xps.columns())
          .update();
      events.publishEvent(new XpWritten(List.copyOf(xps.entries)));
    }
    return written;
  }

  private Map<PulseKey, Long> insertPulses(List<NewPulse> pulses) {
    int n = pulses.size();
    long[] users = new long[n];
    long[] machines = new long[n];
    String[] sentAt = new String[n];
    int[] offsets = new int[n];
    String[] sentAtLocal = new String[n];
    String[] fingerprints = new String[n];
    for (int i = 0; i < n; i++) {
      NewPulse p = pulses.get(i);
      users[i] = p.userId();
      machines[i] = p.machineId();
      sentAt[i] = p.sentAt().toString();
      offsets[i] = p.offsetMinutes();
      sentAtLocal[i] = p.sentAtLocal().toString();
      fingerprints[i] = p.fingerprint().toString();
    }
    Map<PulseKey, Long> inserted = new HashMap<>();
    jdbc.sql(
        """
            insert into pulses (user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint)
            select u, m, s, o::smallint, l, f
            from unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::int[], ?::timestamp[], ?::uuid[])
                 as t (u, m, s, o, l, f)
            on conflict (machine_id, fingerprint) do nothing
            returning id, machine_id, fingerprint""")
        .params(users, machines, sentAt, offsets, sentAtLocal, fingerprints)
        .query(
            rs -> {
              inserted.put(
                  new PulseKey(rs.getLong("machine_id"), rs.getObject("fingerprint", UUID.class)),
                  rs.getLong("id"));
            });
    return inserted;
  }

  /** The xps rows of the written pulses, as columns for one multi-row insert. */
  private static final class XpRows {
    final List<Long> pulseIds = new ArrayList<>();
    final List<Long> users = new ArrayList<>();
    final List<Long> languages = new ArrayList<>();
    final List<Long> sentLanguages = new ArrayList<>();
    final List<Integer> amounts = new ArrayList<>();
    final List<XpEntry> entries = new ArrayList<>();

    void add(long pulseId, NewPulse p) {
      for (NewXp xp : p.xps()) {
        pulseIds.add(pulseId);
        users.add(p.userId());
        languages.add(xp.language().countedId());
        sentLanguages.add(xp.language().sentId());
        amounts.add(xp.amount());
        entries.add(
            new XpEntry(p.userId(), p.machineId(), xp.language().countedId(), p.sentAtLocal(), xp.amount(),
                p.sentAt()));
      }
    }

    boolean isEmpty() {
      return pulseIds.isEmpty();
    }

    Object[] columns() {
      return new Object[] {
        toLongs(pulseIds),
        toLongs(users),
        toLongs(languages),
        toLongs(sentLanguages),
        amounts.stream().mapToInt(Integer::intValue).toArray()
      };
    }
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private record PulseKey(long machineId, UUID fingerprint) {}
}
