package net.codestats.account;

import java.util.Date;
import java.util.HexFormat;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;

/**
 * Remembered log-ins that store only the SHA-256 (hex) of each token, the series staying the
 * look-up key: a copy of {@code persistent_logins} cannot log anyone in. The token read back
 * is that digest, so the presented token is compared as its {@link #digest} (see
 * {@link RememberedLoginTheft.Services}); a rotated-away token still differs, and counts as
 * theft.
 */
final class DigestedRememberedLogins implements PersistentTokenRepository {

  private final PersistentTokenRepository stored;

  DigestedRememberedLogins(PersistentTokenRepository stored) {
    this.stored = stored;
  }

  static String digest(String tokenValue) {
    return HexFormat.of().formatHex(LinkTokens.sha256(tokenValue));
  }

  @Override
  public void createNewToken(PersistentRememberMeToken token) {
    stored.createNewToken(
        new PersistentRememberMeToken(
            token.getUsername(), token.getSeries(), digest(token.getTokenValue()), token.getDate()));
  }

  @Override
  public void updateToken(String series, String tokenValue, Date lastUsed) {
    stored.updateToken(series, digest(tokenValue), lastUsed);
  }

  /** The row of {@code seriesId}, its token value being the digest. */
  @Override
  public PersistentRememberMeToken getTokenForSeries(String seriesId) {
    return stored.getTokenForSeries(seriesId);
  }

  @Override
  public void removeUserTokens(String username) {
    stored.removeUserTokens(username);
  }
}
