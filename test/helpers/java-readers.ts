import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from './run-tool.js';
import { repoRoot } from './seed-database.js';

/**
 * Apache POI's package reader and what it loads (Debian's libapache-poi-java and libcommons-compress-java; the
 * Class-Path of poi.jar names the rest).
 */
const POI_JARS = ['poi', 'poi-ooxml', 'commons-compress', 'commons-collections4'].map((jar) => `/usr/share/java/${jar}.jar`);

/** The Java readers of `test/helpers/readers/`, compiled into a temporary directory. */
export interface JavaReaders {
  /** For `java -cp`: the compiled classes and POI. */
  readonly classpath: string;
  /** Deletes the compiled classes. */
  remove(): Promise<void>;
}

/** One part of an XLSX package as POI read it. */
export interface PoiPart {
  /** Its part name without the leading slash, as in the ZIP. */
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  /** The `<row>` elements of a worksheet, or null for other parts. */
  readonly rows: number | null;
}

/**
 * Compiles `ZipCheck.java` (the JDK's readers) and `PoiCheck.java` (Apache POI's) with `javac`.
 * @throws Error when javac fails, e.g. without POI's jars.
 */
export async function compileJavaReaders(): Promise<JavaReaders> {
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-java-'));
  const classpath = [directory, ...POI_JARS].join(':');
  const sources = ['ZipCheck.java', 'PoiCheck.java'].map((file) => join(repoRoot(), 'test', 'helpers', 'readers', file));
  try {
    await runTool('javac', ['-cp', classpath, '-d', directory, ...sources]);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return { classpath, remove: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * Opens the XLSX file at `path` as a Java service reading a download would, with POI's
 * `OPCPackage.open(InputStream)` from a pipe, and returns its parts.
 * @throws Error with POI's exception when it refuses the package.
 */
export async function readXlsxWithPoi(java: JavaReaders, path: string): Promise<PoiPart[]> {
  const { stdout } = await runTool('java', ['-cp', java.classpath, 'PoiCheck'], { input: path });
  return stdout.split('\n').filter((line) => line !== '').map((line) => {
    const [sha256 = '', size = '', rows = '', name = ''] = line.split('\t');
    return { name: name.replace(/^\//, ''), size: Number(size), sha256, rows: rows === '-1' ? null : Number(rows) };
  });
}
