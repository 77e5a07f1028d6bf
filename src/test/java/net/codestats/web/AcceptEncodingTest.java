package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(delimiter = '|', value = {
    "gzip, deflate, br, zstd | true",
    "GZIP | true",
    "x-gzip | true",
    "br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
    "gzip;q=0.001 | true",
    "* | true",
    "identity | false",
    "br, zstd | false",
    "gzip;q=0 | false",
    "gzip;q=0.000 | false",
    "*, gzip;q=0 | false",
    "gzip;q=0, x-gzip | true",
    "*;q=0 | false",
    "gzip;q=2 | false",
    "gzip;q=abc | false",
    "gzipped | false",
    "'' | false",
  })
  void gzipIsAcceptedAsRfc9110Says(String header, boolean accepted) {
    assertThat(AcceptEncoding.acceptsGzip(Collections.enumeration(List.of(header)))).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0} and {1} → {2}")
  @CsvSource(delimiter = '|', value = {"br | gzip | true", "gzip;q=0 | br | false", "br | zstd | false"})
  void severalHeadersAreOneList(String first, String second, boolean accepted) {
    assertThat(AcceptEncoding.acceptsGzip(Collections.enumeration(List.of(first, second)))).isEqualTo(accepted);
  }

  @Test
  void noHeaderIsNoGzip() {
    assertThat(AcceptEncoding.acceptsGzip(null)).isFalse();
    assertThat(AcceptEncoding.acceptsGzip(Collections.emptyEnumeration())).isFalse();
  }
}
