import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads every entry of a ZIP archive with the JDK, as a Java client would: {@code stream} reads standard input with
 * {@link ZipInputStream} (front to back, no central directory: how a client reads an HTTP response body), {@code file
 * <path>} opens the file with {@link ZipFile} (through its central directory). For each entry, in archive order, it
 * checks the CRC-32 and size of the bytes read against the entry's and prints one line: SHA-256, size and name,
 * separated by tabs. Any failure is an exception: a non-zero exit and its message on stderr.
 */
public final class ZipCheck {
  private ZipCheck() {}

  public static void main(String[] arguments) throws Exception {
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, StandardCharsets.UTF_8);
    if (arguments.length == 1 && arguments[0].equals("stream")) {
      try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(System.in, 1 << 16))) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) out.println(check(entry, zip));
      }
    } else if (arguments.length == 2 && arguments[0].equals("file")) {
      try (ZipFile zip = new ZipFile(arguments[1])) {
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
          ZipEntry entry = entries.nextElement();
          try (InputStream data = zip.getInputStream(entry)) {
            out.println(check(entry, data));
          }
        }
      }
    } else {
      throw new IllegalArgumentException("usage: ZipCheck stream < archive.zip | ZipCheck file archive.zip");
    }
    out.flush();
  }

  /** Reads the entry's bytes to their end; the entry's CRC and size are known by then even from a data descriptor. */
  static String check(ZipEntry entry, InputStream data) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 16];
    long size = 0;
    for (int read = data.read(buffer); read >= 0; read = data.read(buffer)) {
      sha256.update(buffer, 0, read);
      crc.update(buffer, 0, read);
      size += read;
    }
    if (entry.getCrc() != crc.getValue() || entry.getSize() != size) {
      throw new ZipException(String.format("%s: read %d bytes with CRC %08x, the entry says %d bytes with CRC %08x",
          entry.getName(), size, crc.getValue(), entry.getSize(), entry.getCrc()));
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : sha256.digest()) hex.append(String.format("%02x", b));
    return hex + "\t" + size + "\t" + entry.getName();
  }
}
