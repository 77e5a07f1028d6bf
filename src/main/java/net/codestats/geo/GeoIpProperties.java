package net.codestats.geo;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param database paths of MaxMind-format city databases (.mmdb), comma-separated, looked up
 *     in order (for example DB-IP's separate IPv4 and IPv6 files); none: no map dots
 */
@ConfigurationProperties("codestats.geoip")
record GeoIpProperties(List<Path> database) {

  GeoIpProperties {
    database = database == null ? List.of() : database.stream().filter(p -> !p.toString().isBlank()).toList();
  }
}
