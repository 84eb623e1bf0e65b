import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.xml.parsers.SAXParserFactory;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Opens the XLSX on standard input as a Java service reading a download would: Apache POI's
 * {@code OPCPackage.open(InputStream)}, which reads the package front to back with Commons Compress'
 * {@code ZipArchiveInputStream} and checks its content types and relationships. Prints, tab-separated, one line per
 * part: SHA-256, size, rows (the {@code <row>} elements of a worksheet, parsed as XML; -1 for other parts) and name.
 * Any failure is an exception: a non-zero exit and its message on stderr.
 *
 * (POI's spreadsheet model, XSSFWorkbook, is not used: Debian's poi-ooxml-schemas 4.0.1 lacks the compiled schemas.)
 */
public final class PoiCheck {
  private static final String WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

  private PoiCheck() {}

  public static void main(String[] arguments) throws Exception {
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, StandardCharsets.UTF_8);
    try (OPCPackage pkg = OPCPackage.open(System.in)) {
      for (PackagePart part : pkg.getParts()) {
        byte[] bytes;
        try (InputStream data = part.getInputStream()) {
          bytes = data.readAllBytes();
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) hex.append(String.format("%02x", b));
        long rows = WORKSHEET.equals(part.getContentType()) ? rows(bytes) : -1;
        out.println(hex + "\t" + bytes.length + "\t" + rows + "\t" + part.getPartName().getName());
      }
    }
    out.flush();
  }

  private static long rows(byte[] worksheet) throws Exception {
    long[] rows = {0};
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.newSAXParser().parse(new ByteArrayInputStream(worksheet), new DefaultHandler() {
      @Override
      public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (localName.equals("row")) rows[0]++;
      }
    });
    return rows[0];
  }
}
