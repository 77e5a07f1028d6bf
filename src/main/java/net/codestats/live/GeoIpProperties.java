package net.codestats.live;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param database path of a MaxMind-format city database (.mmdb); none: no map dots
 */
@ConfigurationProperties("codestats.geoip")
record GeoIpProperties(Path database) {}
