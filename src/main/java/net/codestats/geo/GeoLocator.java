package net.codestats.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Coordinates of a client address from a MaxMind-format database, rounded to 0.1° so that no
 * one's exact location is published. Reads both MaxMind's schema ({@code location.latitude})
 * and DB-IP's flat one ({@code latitude}). Without a database every look-up is empty.
 */
@Component
public class GeoLocator {

  private static final Logger log = LoggerFactory.getLogger(GeoLocator.class);

  private final List<Reader> readers;

  GeoLocator(GeoIpProperties properties) {
    this.readers = properties.database().stream().map(GeoLocator::open).filter(Objects::nonNull).toList();
    if (readers.isEmpty()) {
      log.info("No GeoIP database (codestats.geoip.database): the front-page map shows no dots");
    }
  }

  private static Reader open(Path file) {
    if (!Files.isReadable(file)) {
      log.warn("GeoIP database {} not found", file);
      return null;
    }
    try {
      return new Reader(file.toFile(), new CHMCache());
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot open GeoIP database {}: {}", file, e.toString());
      return null;
    }
  }

  public boolean available() {
    return !readers.isEmpty();
  }

  public Optional<Coords> locate(String ip) {
    if (readers.isEmpty() || ip == null || ip.isEmpty()) {
      return Optional.empty();
    }
    for (Reader reader : readers) {
      Optional<Coords> coords = locate(reader, ip);
      if (coords.isPresent()) {
        return coords;
      }
    }
    return Optional.empty();
  }

  private static Optional<Coords> locate(Reader reader, String ip) {
    try {
      if (!ip.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return Optional.empty();
      }
      // a numeric address (checked above): getByName parses it without a name look-up
      InetAddress address = InetAddress.getByName(ip);
      @SuppressWarnings("unchecked")
      Map<String, Object> record = reader.get(address, Map.class);
      if (record == null) {
        return Optional.empty();
      }
      Object location = record.get("location");
      Map<?, ?> source = location instanceof Map<?, ?> map ? map : record;
      if (source.get("latitude") instanceof Number lat && source.get("longitude") instanceof Number lon) {
        return Optional.of(new Coords(round(lat.doubleValue()), round(lon.doubleValue())));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.debug("GeoIP look-up failed for an address: {}", e.toString());
      return Optional.empty();
    }
  }

  static double round(double degrees) {
    return Math.round(degrees * 10) / 10.0;
  }

  @PreDestroy
  void close() throws IOException {
    for (Reader reader : readers) {
      reader.close();
    }
  }
}
