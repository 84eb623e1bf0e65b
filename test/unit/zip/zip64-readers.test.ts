import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'chai';
import { createZipStream, type ZipEntry } from '../../../src/zip/zip-writer.js';
import { compileJavaReaders, type JavaReaders } from '../../helpers/java-readers.js';
import { readersDisagreeing, zipReaders, type ReadEntry, type ZipReader } from '../../helpers/zip-readers.js';

const MiB = 1024 * 1024;
/** 4 GiB and 1 MiB: past the 0xFFFFFFFF bytes that a classic ZIP field holds. */
const BIG_MIB = 4 * 1024 + 1;
const REPEATED = Buffer.alloc(MiB, 'shopzip ');
/** More than the 65,535 entries that the classic end record counts. */
const MANY = 70_000;
const date = new Date('2026-03-31T00:00:00Z');

/** A synthetic entry of BIG_MIB MiB of repeated bytes, made as it is read. */
function bigEntry(): Readable {
  let sent = 0;
  return new Readable({ read(): void { this.push(sent++ < BIG_MIB ? REPEATED : null); } });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const small = (index: number): Buffer => Buffer.from(`entry ${index}\n`.repeat(index % 5));

/** Writes `entries` with the service's ZIP writer at deflate level 1 (fast) to a file. */
async function writeArchive(path: string, entries: ZipEntry<Buffer | Readable>[]): Promise<number> {
  await pipeline(createZipStream(entries, { date, level: 1 }), createWriteStream(path));
  return (await stat(path)).size;
}

describe('every ZIP reader reads our ZIP64 archives', function () {
  this.timeout(600_000);
  this.slow(180_000);
  let java: JavaReaders;
  let readers: ZipReader[];
  let directory: string;

  before(async () => {
    java = await compileJavaReaders();
    readers = zipReaders(java);
    directory = await mkdtemp(join(tmpdir(), 'shopzip-zip64-'));
  });
  after(async () => {
    await java?.remove();
    await rm(directory, { recursive: true, force: true });
  });

  it('an entry over 4 GiB, declared ZIP64, and one after it at an offset past 4 GiB', async () => {
    const path = join(directory, 'big.zip');
    const after = Buffer.from('the entry after the big one\n');
    // Declared ZIP64, as an entry known to reach 4 GiB is: libarchive reading a pipe needs it (see zip-records.ts).
    await writeArchive(path, [{ name: 'big.bin', store: false, zip64: true, open: bigEntry }, { name: 'after.txt', store: false, open: () => after }]);
    const hash = createHash('sha256');
    for (let mib = 0; mib < BIG_MIB; mib += 1) hash.update(REPEATED);
    const expected: ReadEntry[] = [
      { name: 'big.bin', size: BIG_MIB * MiB, sha256: hash.digest('hex') },
      { name: 'after.txt', size: after.length, sha256: sha256(after) },
    ];
    expect(await readersDisagreeing(readers, path, expected)).to.deep.equal([]);
  });

  it(`${MANY.toLocaleString('en')} entries`, async () => {
    const path = join(directory, 'many.zip');
    const name = (index: number): string => `entries/${String(index).padStart(5, '0')}.txt`;
    const entries = Array.from({ length: MANY }, (_, index) => ({ name: name(index), store: false, open: () => small(index) }));
    await writeArchive(path, entries);
    const expected = entries.map((entry, index) => ({ name: entry.name, size: small(index).length, sha256: sha256(small(index)) }));
    expect(await readersDisagreeing(readers, path, expected)).to.deep.equal([]);
  });
});
