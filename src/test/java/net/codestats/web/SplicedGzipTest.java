package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class SplicedGzipTest {

  private final Random random = new Random(7);

  @Test
  void unzipsToThePartsWithTheValuesBetweenThemAndItsCrcAndLengthCheck() throws IOException {
    // a page-like text, values of the lengths of tokens, an empty part and value, and a value too
    // long for one stored block
    List<byte[]> parts = List.of(text(20_000), text(0), text(37), text(90_000));
    byte[][] values = {ascii("tokenA.b-c_d="), new byte[0], bytes(70_000)};

    byte[] gzipped = write(SplicedGzip.of(parts), values);

    var expected = new ByteArrayOutputStream();
    for (int i = 0; i < parts.size(); i++) {
      expected.write(parts.get(i));
      if (i < values.length) {
        expected.write(values[i]);
      }
    }
    // GZIPInputStream checks the trailer's CRC-32 and length: a wrong one throws
    assertThat(gunzip(gzipped)).isEqualTo(expected.toByteArray());
    assertThat(gzipped.length).isLessThan(expected.size());
  }

  @Test
  void differentValuesForTheSamePartsAndOnePartAlone() throws IOException {
    var gzip = SplicedGzip.of(List.of(ascii("<p>"), ascii("</p>")));
    assertThat(new String(gunzip(write(gzip, ascii("one"))), StandardCharsets.US_ASCII)).isEqualTo("<p>one</p>");
    assertThat(new String(gunzip(write(gzip, ascii("another"))), StandardCharsets.US_ASCII))
        .isEqualTo("<p>another</p>");
    byte[] whole = text(5_000);
    assertThat(gunzip(write(SplicedGzip.of(List.of(whole))))).isEqualTo(whole);
    assertThatThrownBy(() -> gzip.length()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCorruptedTrailerIsRefusedByTheReader() throws IOException {
    // the positive control for the checks above: the reader does check the CRC
    byte[] gzipped = write(SplicedGzip.of(List.of(text(1_000), text(1_000))), ascii("x"));
    gzipped[gzipped.length - 8] ^= 1;
    assertThatThrownBy(() -> gunzip(gzipped)).isInstanceOf(ZipException.class);
  }

  @Test
  void combinedCrcsAreTheWholesCrc() {
    for (int round = 0; round < 200; round++) {
      byte[] a = bytes(random.nextInt(3_000));
      byte[] b = bytes(random.nextInt(100_000));
      int combined =
          SplicedGzip.Crc32Combination.combine(crc(a), crc(b), SplicedGzip.Crc32Combination.shiftFor(b.length));
      var whole = new CRC32();
      whole.update(a);
      whole.update(b);
      assertThat(combined).isEqualTo((int) whole.getValue());
    }
  }

  private static byte[] write(SplicedGzip gzip, byte[]... values) throws IOException {
    byte[] body = gzip.bytes(values);
    assertThat((long) body.length).isEqualTo(gzip.length(values));
    return body;
  }

  private static byte[] gunzip(byte[] gzipped) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    }
  }

  private static int crc(byte[] bytes) {
    var crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  private byte[] text(int length) {
    var words = List.of("<td title=\"", "Java", "level", "XP", "</td>", " ", "2026-12-08", "\n");
    var text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(words.get(random.nextInt(words.size())));
    }
    return ascii(text.substring(0, length));
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
