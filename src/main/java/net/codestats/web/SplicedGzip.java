package net.codestats.web;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body (RFC 1952) made of parts compressed once with short values between them that
 * differ per response (a page's per-request tokens), sent as they are in stored blocks (RFC
 * 1951, section 3.2.4): such a page then goes out compressed without being compressed again.
 *
 * <p>Each part is deflated on its own and ended with a full flush, which leaves it
 * byte-aligned and independent of what came before it, so any values may go between the
 * parts. The trailer's CRC-32 is put together from the parts' own and the values' (as zlib's
 * {@code crc32_combine} does), not computed over the whole body per response.
 */
public final class SplicedGzip {

  /** gzip, deflate, no flags, no time, unknown system */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** an empty stored block, the last */
  private static final byte[] LAST_BLOCK = {1, 0, 0, (byte) 0xff, (byte) 0xff};
  private static final int MAX_STORED = 65_535;

  private final byte[][] deflated;
  private final int[] crcs;
  /** x^(8 × the part's length) mod the CRC polynomial: what shifts a CRC past the part */
  private final int[] shifts;
  private final long plainLength;
  private final long deflatedLength;

  private SplicedGzip(byte[][] deflated, int[] crcs, int[] shifts, long plainLength) {
    this.deflated = deflated;
    this.crcs = crcs;
    this.shifts = shifts;
    this.plainLength = plainLength;
    long length = 0;
    for (byte[] part : deflated) {
      length += part.length;
    }
    this.deflatedLength = length;
  }

  /** Compresses {@code parts}: a response then has one value less than there are parts. */
  public static SplicedGzip of(List<byte[]> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no parts");
    }
    int n = parts.size();
    byte[][] deflated = new byte[n][];
    int[] crcs = new int[n];
    int[] shifts = new int[n];
    long plainLength = 0;
    var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      for (int i = 0; i < n; i++) {
        byte[] part = parts.get(i);
        deflated[i] = deflate(deflater, part);
        crcs[i] = crc(part);
        shifts[i] = Crc32Combination.shiftFor(part.length);
        plainLength += part.length;
      }
    } finally {
      deflater.end();
    }
    return new SplicedGzip(deflated, crcs, shifts, plainLength);
  }

  /** The compressed body's length with these values between the parts. */
  public long length(byte[]... values) {
    checkCount(values);
    long length = HEADER.length + deflatedLength + LAST_BLOCK.length + 8;
    for (byte[] value : values) {
      length += value.length + 5L * Math.max(1, (value.length + MAX_STORED - 1) / MAX_STORED);
    }
    return length;
  }

  /** The compressed body: {@code parts[0]}, {@code values[0]}, {@code parts[1]}, … */
  public byte[] bytes(byte[]... values) {
    long total = length(values);
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("too long for one array: " + total);
    }
    byte[] body = new byte[(int) total];
    System.arraycopy(HEADER, 0, body, 0, HEADER.length);
    int at = HEADER.length;
    int crc = crcs[0];
    long length = plainLength;
    at = put(body, at, deflated[0]);
    for (int i = 0; i < values.length; i++) {
      byte[] value = values[i];
      at = putStored(body, at, value);
      crc = Crc32Combination.combine(crc, crc(value), Crc32Combination.shiftFor(value.length));
      crc = Crc32Combination.combine(crc, crcs[i + 1], shifts[i + 1]);
      length += value.length;
      at = put(body, at, deflated[i + 1]);
    }
    at = put(body, at, LAST_BLOCK);
    putIntLittleEndian(body, at, crc);
    putIntLittleEndian(body, at + 4, (int) length); // the length modulo 2^32
    return body;
  }

  private void checkCount(byte[][] values) {
    if (values.length != deflated.length - 1) {
      throw new IllegalArgumentException(deflated.length + " parts take " + (deflated.length - 1) + " values");
    }
  }

  private static byte[] deflate(Deflater deflater, byte[] part) {
    deflater.reset();
    deflater.setInput(part);
    var out = new ByteArrayOutputStream(part.length / 4 + 64);
    byte[] buffer = new byte[8192];
    int written;
    // a full flush ends byte-aligned, with nothing the next part's blocks refer back to
    do {
      written = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, written);
    } while (written == buffer.length);
    return out.toByteArray();
  }

  private static int put(byte[] body, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, body, at, bytes.length);
    return at + bytes.length;
  }

  /** Non-final stored blocks of at most 65,535 bytes each (one, empty, for no bytes). */
  private static int putStored(byte[] body, int at, byte[] value) {
    int from = 0;
    do {
      int length = Math.min(MAX_STORED, value.length - from);
      body[at] = 0;
      body[at + 1] = (byte) length;
      body[at + 2] = (byte) (length >>> 8);
      body[at + 3] = (byte) ~length;
      body[at + 4] = (byte) (~length >>> 8);
      System.arraycopy(value, from, body, at + 5, length);
      at += 5 + length;
      from += length;
    } while (from < value.length);
    return at;
  }

  private static int crc(byte[] bytes) {
    var crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  private static void putIntLittleEndian(byte[] bytes, int at, int value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >>> 8);
    bytes[at + 2] = (byte) (value >>> 16);
    bytes[at + 3] = (byte) (value >>> 24);
  }

  /**
   * CRC-32 arithmetic modulo its polynomial (zlib's {@code crc32_combine}): the CRC of {@code
   * a + b} from the CRCs of {@code a} and {@code b} and the length of {@code b}.
   */
  static final class Crc32Combination {
    private static final int POLYNOMIAL = 0xedb88320; // reflected
    /** x^(2^k) modulo the polynomial */
    private static final int[] X_TO_2_TO_THE = new int[32];

    static {
      int p = 1 << 30; // x^1
      X_TO_2_TO_THE[0] = p;
      for (int k = 1; k < 32; k++) {
        p = multiply(p, p);
        X_TO_2_TO_THE[k] = p;
      }
    }

    private Crc32Combination() {}

    /** The shift past {@code length} bytes: x^(8 × length) modulo the polynomial. */
    static int shiftFor(long length) {
      int p = 1 << 31; // x^0
      int k = 3; // 8 = 2^3 bits a byte
      for (long n = length; n != 0; n >>>= 1, k++) {
        if ((n & 1) != 0) {
          p = multiply(X_TO_2_TO_THE[k & 31], p);
        }
      }
      return p;
    }

    /** The CRC of {@code a + b}, with {@code shift} for b's length. */
    static int combine(int crcOfA, int crcOfB, int shift) {
      return multiply(shift, crcOfA) ^ crcOfB;
    }

    /** a × b modulo the polynomial ({@code a} not zero) */
    private static int multiply(int a, int b) {
      int m = 1 << 31;
      int p = 0;
      while (true) {
        if ((a & m) != 0) {
          p ^= b;
          if ((a & (m - 1)) == 0) {
            return p;
          }
        }
        m >>>= 1;
        b = (b & 1) != 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
      }
    }
  }
}
