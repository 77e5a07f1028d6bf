package net.codestats.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes a tiny GeoIP database in MaxMind's binary format (the writer library is not
 * available): 127.0.0.0/8, where every test client comes from, lies at 60.17°N 24.94°E in
 * DB-IP's flat schema. Runs before the shared test context starts (registered in
 * META-INF/spring.factories), at the path that application-test.properties configures.
 */
public class TestGeoIpDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final double LATITUDE = 60.17;
  public static final double LONGITUDE = 24.94;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String path = context.getEnvironment().getProperty("codestats.geoip.database");
    if (path == null || path.isBlank()) {
      return;
    }
    try {
      Path file = Path.of(path);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An IPv4 database with one network, 127.0.0.0/8, and one record. */
  public static byte[] build() {
    var out = new ByteArrayOutputStream();
    int prefixBits = 8;
    int first = 127;
    int nodeCount = prefixBits;
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("city", "Testville");
    record.put("country_code", "FI");
    record.put("latitude", LATITUDE);
    record.put("longitude", LONGITUDE);
    byte[] data = encode(record);
    int empty = nodeCount;
    int dataPointer = nodeCount + 16; // + offset 0 in the data section
    // search tree: one node per prefix bit, 24-bit records (left = bit 0, right = bit 1)
    for (int node = 0; node < nodeCount; node++) {
      int bit = (first >> (7 - node)) & 1;
      int next = node + 1 < nodeCount ? node + 1 : dataPointer;
      write24(out, bit == 0 ? next : empty);
      write24(out, bit == 1 ? next : empty);
    }
    out.writeBytes(new byte[16]); // data section separator
    out.writeBytes(data);
    out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", new Uint32(nodeCount));
    metadata.put("record_size", new Uint16(24));
    metadata.put("ip_version", new Uint16(4));
    metadata.put("database_type", "Test-City");
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", new Uint64(1_700_000_000L));
    metadata.put("description", Map.of("en", "Code::Stats test database"));
    out.writeBytes(encode(metadata));
    return out.toByteArray();
  }

  private record Uint16(int value) {}

  private record Uint32(long value) {}

  private record Uint64(long value) {}

  private static void write24(ByteArrayOutputStream out, int value) {
    out.write((value >> 16) & 0xFF);
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }

  /** The MaxMind DB data format: a control byte (type, size), then the payload. */
  private static byte[] encode(Object value) {
    var out = new ByteArrayOutputStream();
    switch (value) {
      case String text -> {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        control(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case Double number -> {
        control(out, 3, 8);
        out.writeBytes(ByteBuffer.allocate(8).putDouble(number).array());
      }
      case Uint16 number -> unsigned(out, 5, number.value(), 2);
      case Uint32 number -> unsigned(out, 6, number.value(), 4);
      case Uint64 number -> unsigned(out, 9, number.value(), 8);
      case Map<?, ?> map -> {
        control(out, 7, map.size());
        map.forEach((k, v) -> {
          out.writeBytes(encode(k));
          out.writeBytes(encode(v));
        });
      }
      case List<?> list -> {
        control(out, 11, list.size());
        list.forEach(v -> out.writeBytes(encode(v)));
      }
      default -> throw new IllegalArgumentException("cannot encode " + value);
    }
    return out.toByteArray();
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
    byte[] bytes = new byte[maxBytes];
    int length = 0;
    for (int i = maxBytes - 1; i >= 0; i--) {
      bytes[i] = (byte) (value & 0xFF);
      value >>>= 8;
    }
    int start = 0;
    while (start < maxBytes && bytes[start] == 0) {
      start++;
    }
    length = maxBytes - start;
    control(out, type, length);
    out.write(bytes, start, length);
  }

  /** Sizes below 29 only: all this database needs. Types above 7 are "extended". */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    if (size >= 29) {
      throw new IllegalArgumentException("size " + size + " needs the long size form");
    }
    if (type <= 7) {
      out.write((type << 5) | size);
    } else {
      out.write(size);
      out.write(type - 7);
    }
  }
}
