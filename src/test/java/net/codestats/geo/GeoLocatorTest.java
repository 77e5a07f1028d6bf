package net.codestats.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.codestats.support.TestGeoIpDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoLocatorTest {

  @TempDir Path dir;

  @Test
  void findsCoordinatesRoundedToATenthOfADegree() throws Exception {
    Path file = dir.resolve("city.mmdb");
    Files.write(file, TestGeoIpDatabase.build());
    var geo = new GeoLocator(new GeoIpProperties(List.of(dir.resolve("absent-first.mmdb"), file)));

    assertThat(geo.available()).isTrue();
    assertThat(geo.locate("127.0.0.1")).contains(new Coords(60.2, 24.9));
    assertThat(geo.locate("127.200.3.4")).contains(new Coords(60.2, 24.9));
    assertThat(geo.locate("10.0.0.1")).isEmpty();
    assertThat(geo.locate("::1")).isEmpty();
    assertThat(geo.locate("example.org")).isEmpty();
    assertThat(geo.locate(null)).isEmpty();
    geo.close();
  }

  @Test
  void runsWithoutADatabase() {
    var missing = new GeoLocator(new GeoIpProperties(List.of(dir.resolve("absent.mmdb"))));
    var unset = new GeoLocator(new GeoIpProperties(null));

    assertThat(missing.available()).isFalse();
    assertThat(missing.locate("127.0.0.1")).isEmpty();
    assertThat(unset.locate("127.0.0.1")).isEmpty();
  }

  @Test
  void roundsToOneDecimal() {
    assertThat(GeoLocator.round(60.17)).isEqualTo(60.2);
    assertThat(GeoLocator.round(-33.86)).isEqualTo(-33.9);
    assertThat(GeoLocator.round(24.94)).isEqualTo(24.9);
  }
}
