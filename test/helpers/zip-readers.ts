import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { crc32 } from 'node:zlib';
import type { JavaReaders } from './java-readers.js';
import { runTool, Segments } from './run-tool.js';
import { eachZipEntry } from './zip.js';

/** An entry as a reader read it. */
export interface ReadEntry {
  readonly name: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes read. */
  readonly sha256: string;
}

/**
 * A ZIP reader users have: reads every entry of the archive at `path`, in archive order, and fails unless each
 * entry's bytes have the CRC-32 (and size) the archive gives. `sizes` are the sizes the entries should have, in
 * order: the command-line tools write every entry to one output, which is cut at them.
 */
export interface ZipReader {
  readonly name: string;
  read(path: string, sizes: readonly number[]): Promise<ReadEntry[]>;
}

/** Debian's interpreter, as in openpyxl.ts. */
const PYTHON = '/usr/bin/python3';

/** Python's zipfile checks each entry's CRC-32 when it reaches its end (`BadZipFile` otherwise). */
const PYTHON_SCRIPT = String.raw`
import hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    for info in archive.infolist():
        digest, size = hashlib.sha256(), 0
        with archive.open(info) as data:
            for block in iter(lambda: data.read(1 << 16), b''):
                digest.update(block)
                size += len(block)
        print(f'{digest.hexdigest()}\t{size}\t{info.filename}')
`;

/** Every reader of the compatibility matrix (the Java ones need {@link compileJavaReaders} first). */
export function zipReaders(java: JavaReaders): ZipReader[] {
  const javaReader = (name: string, args: (path: string) => { args: string[]; input?: string }): ZipReader => ({
    name,
    read: async (path) => {
      const run = args(path);
      return parseLines((await runTool('java', ['-cp', java.classpath, 'ZipCheck', ...run.args], run.input === undefined ? {} : { input: run.input })).stdout);
    },
  });
  return [
    javaReader('java.util.zip.ZipInputStream, from a pipe', (path) => ({ args: ['stream'], input: path })),
    javaReader('java.util.zip.ZipFile', (path) => ({ args: ['file', path] })),
    // Extracting checks every CRC, as `unzip -t` and `7z t` do (a mismatch exits with 2), and gives the bytes; the
    // names come from the central directory.
    {
      name: 'unzip -p (Info-ZIP)',
      read: async (path, sizes) => named((await runTool('unzip', ['-Z1', path])).stdout.split('\n').slice(0, -1), await extracted('unzip', ['-p', path], sizes)),
    },
    {
      name: '7z x -so',
      read: async (path, sizes) => named(matches((await runTool('7z', ['l', '-ba', '-slt', path])).stdout, /^Path = (.*)$/gm), await extracted('7z', ['x', '-so', path], sizes)),
    },
    {
      // `bsdtar -t` checks no CRC: extracting does (to stdout, naming each entry on stderr).
      name: 'bsdtar -xvOf -, from a pipe',
      read: async (path, sizes) => {
        const segments = new Segments(sizes);
        const { stderr } = await runTool('bsdtar', ['-xvOf', '-'], { input: path, onStdout: segments.write });
        return named(matches(stderr, /^x (.*)$/gm), segments.end());
      },
    },
    {
      name: "Python's zipfile",
      read: async (path) => parseLines((await runTool(PYTHON, ['-c', PYTHON_SCRIPT, path], { environment: { PYTHONIOENCODING: 'utf-8' } })).stdout),
    },
    { name: 'yauzl', read: readWithYauzl },
  ];
}

/** Lines of `sha256<TAB>size<TAB>name`. */
export function parseLines(output: string): ReadEntry[] {
  return output.split('\n').filter((line) => line !== '').map((line) => {
    const [sha256 = '', size = '', ...name] = line.split('\t');
    return { name: name.join('\t'), size: Number(size), sha256 };
  });
}

function matches(output: string, pattern: RegExp): string[] {
  return [...output.matchAll(pattern)].map((match) => match[1] ?? '');
}

async function extracted(command: string, args: readonly string[], sizes: readonly number[]): Promise<{ size: number; sha256: string }[]> {
  const segments = new Segments(sizes);
  await runTool(command, args, { onStdout: segments.write });
  return segments.end();
}

function named(names: readonly string[], parts: readonly { size: number; sha256: string }[]): ReadEntry[] {
  if (names.length !== parts.length) throw new Error(`the tool named ${names.length} entries and gave ${parts.length}`);
  return parts.map((part, index) => ({ name: names[index]!, ...part }));
}

/** yauzl checks sizes, not CRCs: the CRC-32 is computed here. The archive is read into memory first (faster). */
async function readWithYauzl(path: string): Promise<ReadEntry[]> {
  return eachZipEntry(await readFile(path), async (entry, stream) => {
    const hash = createHash('sha256');
    let crc = 0;
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      size += chunk.length;
    }
    if (crc !== entry.crc32) throw new Error(`${entry.fileName}: CRC ${crc.toString(16)}, the archive says ${entry.crc32.toString(16)}`);
    return { name: entry.fileName, size, sha256: hash.digest('hex') };
  });
}

/**
 * Reads the archive at `path` with every reader, as many at once as there are cores, and describes each that failed
 * or read other entries than `expected` (names, sizes, SHA-256, in order), in the readers' order: the empty list
 * when all read it as expected.
 */
export async function readersDisagreeing(readers: readonly ZipReader[], path: string, expected: readonly ReadEntry[]): Promise<string[]> {
  const problems: (string | undefined)[] = [];
  let next = 0;
  const work = async (): Promise<void> => {
    for (let index = next++; index < readers.length; index = next++) problems[index] = await problemOf(readers[index]!, path, expected);
  };
  await Promise.all(Array.from({ length: availableParallelism() }, work));
  return problems.filter((problem) => problem !== undefined);
}

async function problemOf(reader: ZipReader, path: string, expected: readonly ReadEntry[]): Promise<string | undefined> {
  try {
    const read = await reader.read(path, expected.map((entry) => entry.size));
    const same = (a?: ReadEntry, b?: ReadEntry): boolean => a?.name === b?.name && a?.size === b?.size && a?.sha256 === b?.sha256;
    const differing = Array.from({ length: Math.max(read.length, expected.length) }, (_, index) => index).find((index) => !same(read[index], expected[index]));
    if (differing === undefined) return undefined;
    return `${reader.name}: entry ${differing} of ${read.length} read as ${JSON.stringify(read[differing])}, expected ${JSON.stringify(expected[differing])}`;
  } catch (error) {
    const { message } = error as Error;
    return `${reader.name}: ${message.length > 1000 ? `…${message.slice(-1000)}` : message}`;
  }
}
