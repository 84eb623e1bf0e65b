import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { compileJavaReaders, readXlsxWithPoi, type JavaReaders } from '../../helpers/java-readers.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { readZip } from '../../helpers/zip.js';
import { readersDisagreeing, zipReaders, type ReadEntry, type ZipReader } from '../../helpers/zip-readers.js';

/** The demo data of `npm start` and the download its start log suggests. */
const DEMO = { shops: 6, orders: 30_000, seed: 1 };
const DEMO_EXPORT = '/v1/exports/orders.zip?shops=acme,globex&from=2026-01-01&to=2026-03-31';

interface Manifest {
  readonly entries: readonly { readonly name: string; readonly format: string; readonly bytes: number; readonly sha256: string; readonly tables: Record<string, number> }[];
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * `zip` with the CRC-32 of entry `name` off by one, in its central directory header and in its data descriptor (where
 * a streaming reader takes it): every reader must refuse it, or its passing the matrix would mean nothing.
 */
function withWrongCrc(zip: Buffer, name: string): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1')); at > 0; at -= 1) {
    if (copy.readUInt32LE(at) !== 0x02014b50 || copy.toString('utf8', at + 46, at + 46 + copy.readUInt16LE(at + 28)) !== name) continue;
    const [crc, compressedSize, offset] = [copy.readUInt32LE(at + 16), copy.readUInt32LE(at + 20), copy.readUInt32LE(at + 42)];
    const descriptor = offset + 30 + copy.readUInt16LE(offset + 26) + copy.readUInt16LE(offset + 28) + compressedSize;
    expect([copy.readUInt32LE(descriptor), copy.readUInt32LE(descriptor + 4)], 'the data descriptor').to.deep.equal([0x08074b50, crc]);
    copy.writeUInt32LE((crc ^ 1) >>> 0, at + 16);
    copy.writeUInt32LE((crc ^ 1) >>> 0, descriptor + 4);
    return copy;
  }
  throw new Error(`no entry ${name}`);
}

describe('every ZIP reader reads the demo export, streaming ones included', function () {
  this.timeout(180_000);
  this.slow(60_000);
  let database: SeededDatabase;
  let apps: { readonly deflate1: RunningApp; readonly deflate0: RunningApp };
  let java: JavaReaders;
  let readers: ZipReader[];
  let directory: string;

  before(async () => {
    database = await seedDatabase({ demo: DEMO });
    apps = {
      deflate1: await startApp({ sourcePath: database.path }),
      deflate0: await startApp({ sourcePath: database.path, environment: { SHOPZIP_DEFLATE_LEVEL: '0' } }),
    };
    java = await compileJavaReaders();
    readers = zipReaders(java);
    directory = await mkdtemp(join(tmpdir(), 'shopzip-readers-'));
  });
  after(async () => {
    await Promise.all([apps?.deflate1.close(), apps?.deflate0.close()]);
    await java?.remove();
    await rm(directory, { recursive: true, force: true });
    await database?.remove();
  });

  /** Downloads the export to a file; the manifest says what every entry must read as, and the manifest is itself. */
  async function download(app: RunningApp, query: string, file: string): Promise<{ path: string; expected: ReadEntry[]; manifest: Manifest; zip: Buffer }> {
    const { status, body } = await fetchAll(app.url(`${DEMO_EXPORT}${query}`));
    expect(status).to.equal(200);
    const path = join(directory, file);
    await writeFile(path, body);
    const manifestBytes = (await readZip(body)).at(-1)!.data;
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
    const expected = [
      ...manifest.entries.map((entry) => ({ name: entry.name, size: entry.bytes, sha256: entry.sha256 })),
      { name: 'manifest.json', size: manifestBytes.length, sha256: sha256(manifestBytes) },
    ];
    return { path, expected, manifest, zip: body };
  }

  for (const [formats, names] of [['csv,xlsx', 7], ['csv', 5], ['xlsx', 3]] as const) {
    it(`formats=${formats}: every reader reads all ${names} entries with their CRC, as the manifest says`, async () => {
      const { path, expected } = await download(apps.deflate1, `&formats=${formats}`, `demo-${formats}.zip`);
      expect(expected).to.have.length(names);
      expect(await readersDisagreeing(readers, path, expected)).to.deep.equal([]);
    });
  }

  it('and every reader refuses the export once the CRC-32 of an entry is wrong', async () => {
    const { zip, expected } = await download(apps.deflate1, '', 'demo-for-a-wrong-crc.zip');
    const path = join(directory, 'wrong-crc.zip');
    await writeFile(path, withWrongCrc(zip, 'acme/orders.xlsx'));
    const problems = await readersDisagreeing(readers, path, expected);
    expect(problems.map((problem) => problem.slice(0, problem.indexOf(':')))).to.deep.equal(readers.map((reader) => reader.name));
    for (const problem of problems) expect(problem).to.match(/\bCRC\b/i);
  });

  for (const level of [1, 0]) {
    it(`SHOPZIP_DEFLATE_LEVEL=${level}: every reader, and POI from a stream, reads each XLSX inside as the ZIP readers do`, async () => {
      const app = level === 0 ? apps.deflate0 : apps.deflate1;
      const { path, expected, manifest, zip } = await download(app, '', `demo-level-${level}.zip`);
      expect(await readersDisagreeing(readers, path, expected)).to.deep.equal([]);
      const workbooks = (await readZip(zip)).filter((entry) => entry.name.endsWith('.xlsx'));
      expect(workbooks).to.have.length(2);
      for (const workbook of workbooks) {
        const xlsxPath = join(directory, `level-${level}-${workbook.name.replace('/', '-')}`);
        await writeFile(xlsxPath, workbook.data);
        const parts = (await readZip(workbook.data)).map((part) => ({ name: part.name, size: part.data.length, sha256: sha256(part.data) }));
        expect(await readersDisagreeing(readers, xlsxPath, parts), workbook.name).to.deep.equal([]);
        const poi = await readXlsxWithPoi(java, xlsxPath);
        // POI lists the parts that [Content_Types].xml gives types to, not that file itself.
        const typed = parts.filter((part) => part.name !== '[Content_Types].xml');
        expect(poi.map(({ name, size, sha256: hash }) => ({ name, size, sha256: hash })), workbook.name).to.have.deep.members(typed);
        const tables = manifest.entries.find((entry) => entry.name === workbook.name)!.tables;
        const sheetRows = poi.filter((part) => part.rows !== null).map((part) => [part.name, part.rows]).sort();
        expect(sheetRows, workbook.name).to.deep.equal([
          ['xl/worksheets/sheet1.xml', (tables['orders'] ?? 0) + 1],
          ['xl/worksheets/sheet2.xml', (tables['order_items'] ?? 0) + 1],
        ]);
      }
    });
  }
});
