import { expect } from 'chai';
import { bytesToMove, ExportService } from '../../../../src/export/engine/export-service.js';
import type { FromWorker, ToWorker } from '../../../../src/export/engine/protocol.js';
import { WorkbookService } from '../../../../src/export/engine/workbook-service.js';
import { openExport } from '../../../../src/export/local-export.js';
import { parseExportRequest } from '../../../../src/export/request.js';
import type { OrdersSource } from '../../../../src/source/orders-source.js';
import { SqliteSource } from '../../../../src/source/sqlite/sqlite-source.js';
import type { ZipEntry } from '../../../../src/zip/zip-writer.js';
import { seedDatabase, type SeededDatabase } from '../../../helpers/seed-database.js';

const LIMITS = { maxShops: 10 };

/**
 * An ExportService on a real source, with what it posts collected and a way to wait for a message; its workbooks
 * are written by a WorkbookService (the main thread's part) in this thread.
 */
function serve(source: OrdersSource) {
  const posted: FromWorker[] = [];
  const waiters: Array<() => void> = [];
  const writer = new WorkbookService((message) => service.handle({ kind: 'workbook', message }));
  const service = new ExportService(source, (message) => {
    if (message.kind === 'workbook') {
      writer.handle(message.message);
      return;
    }
    posted.push(message);
    for (const wake of waiters.splice(0)) wake();
  }, { workbooks: true });
  const until = async (kind: FromWorker['kind'], count = 1): Promise<void> => {
    while (posted.filter((message) => message.kind === kind).length < count) await new Promise<void>((wake) => waiters.push(wake));
  };
  const send = (message: ToWorker): void => service.handle(message);
  return { service, writer, posted, until, send };
}

function requestOf(query: Record<string, string>) {
  return parseExportRequest(query, 'query', LIMITS);
}

async function localEntryBytes(source: OrdersSource, query: Record<string, string>): Promise<Map<string, Buffer>> {
  const run = await openExport(source, requestOf(query), { deflateLevel: 1, visibleShops: null });
  const bytes = new Map<string, Buffer>();
  try {
    for (const entry of run.entries as Iterable<ZipEntry>) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.open()) chunks.push(chunk as Buffer);
      bytes.set(entry.name, Buffer.concat(chunks));
    }
  } finally {
    run.close();
  }
  return bytes;
}

describe('export service (the worker side of the export protocol)', () => {
  let database: SeededDatabase;
  let source: OrdersSource;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 3, orders: 3000, seed: 7 } });
    source = new SqliteSource(database.path);
  });
  after(async () => {
    await database.remove();
  });

  it('sends every entry, chunk by chunk, with the same bytes as an export run in this thread', async () => {
    const query = { shops: 'acme,globex' };
    const { posted, until, send, writer } = serve(source);
    send({ kind: 'start', id: 1, request: requestOf(query), deflateLevel: 1, visibleShops: null });
    await until('planned');
    expect(posted[0]).to.include({ kind: 'planned', id: 1, fileName: 'orders_acme-globex.zip' });
    await until('entry');
    expect(posted.find((message) => message.kind === 'entry')).to.deep.equal({ kind: 'entry', id: 1, name: 'acme/orders.csv', store: false });
    const received = new Map<string, Buffer>();
    const count = (kind: FromWorker['kind']): number => posted.filter((message) => message.kind === kind).length;
    for (let number = 0; ; number += 1) {
      await Promise.race([until('entry', number + 1), until('entries-done')]); // entries come unasked
      const entry = posted.filter((message) => message.kind === 'entry')[number];
      if (entry?.kind !== 'entry') break;
      const chunks: Buffer[] = [];
      while (count('entry-end') === number) {
        const chunksBefore = count('chunk');
        send({ kind: 'read', id: 1, entry: number });
        await Promise.race([until('chunk', chunksBefore + 1), until('entry-end', number + 1)]);
        const last = posted.filter((message) => message.kind === 'chunk')[chunksBefore];
        if (last?.kind === 'chunk') chunks.push(Buffer.from(last.bytes));
      }
      received.set(entry.name, Buffer.concat(chunks));
    }
    await until('released');
    const expected = await localEntryBytes(source, query);
    expect([...received.keys()]).to.deep.equal([...expected.keys()]);
    for (const [name, bytes] of expected) {
      if (name === 'manifest.json') continue; // both list the same entries; compared by content below
      expect(received.get(name)!.equals(bytes), name).to.equal(true);
    }
    expect(JSON.parse(received.get('manifest.json')!.toString())).to.deep.equal(JSON.parse(expected.get('manifest.json')!.toString()));
    const events = posted.filter((message) => message.kind === 'source').map((message) => message.kind === 'source' && message.event);
    expect(events.filter((event) => event === 'cursorOpened')).to.have.length(4); // one per CSV, whose rows also make the XLSX
    expect(events.filter((event) => event === 'cursorClosed')).to.have.length(4);
    expect(events.at(-1)).to.equal('closed');
    const closedAt = posted.findIndex((message) => message.kind === 'source' && message.event === 'closed');
    expect(closedAt, 'the snapshot closes before the main thread hears that the entries are done').to.be.below(posted.findIndex((message) => message.kind === 'entries-done'));
    expect(posted.at(-1)).to.deep.equal({ kind: 'released', id: 1 });
    expect(writer.open, 'workbooks still held by the writer').to.equal(0);
  });

  it('rejects an export of unknown shops with a ShopzipError code and details the main thread can answer with', async () => {
    const { posted, send, service, until } = serve(source);
    send({ kind: 'start', id: 2, request: requestOf({ shops: 'acme,nope' }), deflateLevel: 1, visibleShops: null });
    await until('rejected');
    const rejected = posted.find((message) => message.kind === 'rejected');
    expect(rejected).to.deep.include({ kind: 'rejected', id: 2 });
    expect(rejected?.kind === 'rejected' && rejected.error).to.deep.include({ code: 'unknown_shops', details: { parameter: 'shops', shops: ['nope'] } });
    expect(posted.map((message) => message.kind)).to.deep.equal(['source', 'rejected', 'released']);
    expect(service.running).to.equal(0);
  });

  it('answers shops the caller may not see exactly like shops that do not exist', async () => {
    const { posted, send, until } = serve(source);
    send({ kind: 'start', id: 3, request: requestOf({ shops: 'acme,globex' }), deflateLevel: 1, visibleShops: ['acme'] });
    await until('rejected');
    const rejected = posted.find((message) => message.kind === 'rejected');
    expect(rejected?.kind === 'rejected' && rejected.error.details).to.deep.equal({ parameter: 'shops', shops: ['globex'] });
  });

  it('closes the open cursor, the snapshot and the workbook when told to close mid-entry, and then ignores the export', async () => {
    const { posted, until, send, service, writer } = serve(source);
    send({ kind: 'start', id: 4, request: requestOf({ shops: 'acme' }), deflateLevel: 1, visibleShops: null });
    await until('entry');
    send({ kind: 'read', id: 4, entry: 0 });
    await until('chunk');
    expect(writer.open, 'the workbook orders.csv writes').to.equal(1);
    send({ kind: 'close', id: 4 });
    await until('released');
    send({ kind: 'read', id: 4, entry: 0 });
    const events = posted.filter((message) => message.kind === 'source').map((message) => message.kind === 'source' && message.event);
    expect(events).to.deep.equal(['cursorOpened', 'cursorClosed', 'closed']);
    expect(posted.at(-1)).to.deep.equal({ kind: 'released', id: 4 });
    expect(service.running).to.equal(0);
    expect(writer.open, 'the workbook its CSV was writing').to.equal(0);
  });
});

describe('bytes moved to the main thread (bytesToMove)', () => {
  const moved = (bytes: Uint8Array): Uint8Array => structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] });

  it('moves a large chunk that holds its buffer whole, without a copy, and the bytes arrive intact', () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    chunk[100] = 42;
    const bytes = bytesToMove(chunk);
    expect(bytes.buffer).to.equal(chunk.buffer);
    const arrived = moved(bytes);
    expect(chunk.byteLength, 'the worker no longer holds the bytes').to.equal(0);
    expect(Buffer.from(arrived).equals(Buffer.alloc(64 * 1024, 7).fill(42, 100, 101))).to.equal(true);
  });

  it('copies exactly the bytes of a small chunk or of a view into a larger buffer, which others still hold', () => {
    const shared = Buffer.from('x'.repeat(200_000));
    const pooled = Buffer.from('a small chunk from Node\'s pool');
    for (const chunk of [pooled, shared.subarray(10, 100_000), shared.subarray(0, 150_000), Buffer.alloc(1000, 3)]) {
      const before = Buffer.from(chunk);
      const arrived = moved(bytesToMove(chunk));
      expect(Buffer.from(arrived).equals(before)).to.equal(true);
      expect(chunk.equals(before), 'the chunk is left as it was').to.equal(true);
    }
    expect(shared.byteLength).to.equal(200_000);
  });
});
