package net.codestats.avatar;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Avatars from Gravatar, fetched by the server and served from our own address, so that
 * viewers never see the hash of anyone's e-mail address (and Gravatar never sees viewers).
 * Images are cached for an hour; without a Gravatar address, or when Gravatar is out of
 * reach, a plain default avatar is served.
 */
@Component
@EnableConfigurationProperties(Avatars.Settings.class)
class Avatars {

  /** @param gravatarUrl base address of the Gravatar image service */
  @ConfigurationProperties("codestats.avatar")
  record Settings(@DefaultValue("https://www.gravatar.com/avatar/") URI gravatarUrl) {}

  record Image(byte[] bytes, String contentType) {}

  /** The HTTP client (its threads and classes) is made at the first fetch, not at start-up. */
  private static final class Gravatar {
    static final HttpClient CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private static final int SIZE = 160;
  private static final int MAX_BYTES = 1 << 20;

  private final Settings settings;
  private final Cache<String, Optional<Image>> cache;

  Avatars(Settings settings, Caches caches) {
    this.settings = settings;
    this.cache = caches.build(NamedCache.AVATARS);
  }

  Image avatar(String username, String gravatarEmail) {
    Optional<Image> image =
        gravatarEmail == null ? Optional.empty() : cache.get(hash(gravatarEmail), this::fetch);
    return image.orElseGet(() -> defaultAvatar(username));
  }

  private Optional<Image> fetch(String hash) {
    try {
      var request =
          HttpRequest.newBuilder(settings.gravatarUrl().resolve(hash + "?s=" + SIZE + "&d=404"))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build();
      HttpResponse<byte[]> response = Gravatar.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (response.statusCode() != 200 || !type.startsWith("image/") || response.body().length > MAX_BYTES) {
        return Optional.empty();
      }
      // Gravatar serves raster images; anything else (SVG could carry script) is not passed on.
      if (!type.startsWith("image/png") && !type.startsWith("image/jpeg") && !type.startsWith("image/gif")) {
        return Optional.empty();
      }
      return Optional.of(new Image(response.body(), type));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static String hash(String email) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A coloured circle with the name's first letter. */
  static Image defaultAvatar(String username) {
    String letter =
        username.isEmpty() ? "?" : new String(Character.toChars(username.codePointAt(0))).toUpperCase(Locale.ROOT);
    letter = letter.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    int hue = Math.floorMod(username.hashCode(), 360);
    String svg =
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 100 100">\
        <circle cx="50" cy="50" r="50" fill="hsl(%d,45%%,55%%)"/>\
        <text x="50" y="50" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="50" fill="#fff">%s</text>\
        </svg>"""
            .formatted(SIZE, SIZE, hue, letter);
    return new Image(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml");
  }
}
