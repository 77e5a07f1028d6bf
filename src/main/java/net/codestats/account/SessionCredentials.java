package net.codestats.account;

import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * What a credential handed to one logged-in browser session (the live socket's channel token)
 * is bound to, so that it ends with that session's log-in: the account's credentials
 * generation, which every password change and reset moves on, and the session itself, which
 * log-out, expiry and "end every other session" end.
 */
@Component
public class SessionCredentials {

  /** Bytes of the session id's SHA-256 a binding keeps: the id itself never leaves the server. */
  public static final int SESSION_HASH_BYTES = 16;

  /**
   * @param generation the account's credentials generation when the binding was made
   * @param session the first {@link #SESSION_HASH_BYTES} bytes of the session id's SHA-256
   */
  public record Binding(long generation, byte[] session) {}

  private final Accounts accounts;
  private final UserSessions sessions;

  SessionCredentials(Accounts accounts, UserSessions sessions) {
    this.accounts = accounts;
    this.sessions = sessions;
  }

  /**
   * A binding to the given logged-in session of the user, with the generation from memory
   * ({@link Accounts#knownCredentialsGeneration}): a stale one makes a binding {@link
   * #stillValid} refuses, never one it accepts wrongly.
   */
  public Binding bind(long userId, String sessionId) {
    return new Binding(accounts.knownCredentialsGeneration(userId), hash(sessionId));
  }

  /** Whether no password change or reset happened since, and the session is still logged in. */
  public boolean stillValid(long userId, Binding binding) {
    if (binding.session().length != SESSION_HASH_BYTES
        || binding.generation() != accounts.credentialsGeneration(userId)) {
      return false;
    }
    return accounts
        .findById(userId)
        .map(user -> sessions.isLoggedIn(user.id(), user.username(), binding.session(), SessionCredentials::hash))
        .orElse(false);
  }

  static byte[] hash(String sessionId) {
    return Arrays.copyOf(LinkTokens.sha256(sessionId), SESSION_HASH_BYTES);
  }
}
