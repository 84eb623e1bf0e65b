import { expect } from 'chai';
import { finished } from 'node:stream/promises';
import { RemoteExport } from '../../../../src/export/engine/remote-export.js';
import type { ToWorker } from '../../../../src/export/engine/protocol.js';
import { ShopzipError } from '../../../../src/errors.js';
import { SqliteSource } from '../../../../src/source/sqlite/sqlite-source.js';

/** A RemoteExport whose messages to the worker are collected, counting into a source's counters. */
function remote() {
  const sent: ToWorker[] = [];
  const source = new SqliteSource('/nonexistent.db');
  const run = new RemoteExport(7, (message) => sent.push(message), source.counters.trackSnapshot(), undefined);
  return { run, sent, source };
}

describe('remote export (the main thread side of the export protocol)', () => {
  it('turns a rejection into the ShopzipError the worker threw, code and details kept', async () => {
    const { run } = remote();
    run.receive({ kind: 'rejected', id: 7, error: { name: 'ShopzipError', message: 'no such shops: x', code: 'unknown_shops', details: { parameter: 'shops', shops: ['x'] } } });
    const error = await run.planned.then(() => undefined, (rejection: unknown) => rejection);
    expect(error).to.be.instanceOf(ShopzipError);
    expect(error).to.include({ code: 'unknown_shops', status: 404, message: 'no such shops: x' });
  });

  it('asks for the first chunks of an entry as soon as the worker announces it, a few ahead, and ends it when the worker does', async () => {
    const { run, sent } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'orders_acme.zip', dateMs: Date.UTC(2026, 0, 1) });
    expect((await run.planned).plan).to.deep.equal({ fileName: 'orders_acme.zip', date: new Date(Date.UTC(2026, 0, 1)) });
    const iterator = run.entries[Symbol.asyncIterator]();
    run.receive({ kind: 'entry', id: 7, name: 'acme/orders.csv', store: false }); // entries come unasked
    expect(sent).to.deep.equal(Array.from({ length: 16 }, () => ({ kind: 'read', id: 7, entry: 0 })));
    const entry = (await iterator.next()).value!;
    expect(entry).to.include({ name: 'acme/orders.csv', store: false });
    const stream = entry.open();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    run.receive({ kind: 'chunk', id: 7, bytes: new Uint8Array(Buffer.from('id,name\r\n')) });
    run.receive({ kind: 'entry-end', id: 7 });
    await finished(stream);
    expect(Buffer.concat(chunks).toString()).to.equal('id,name\r\n');
    run.receive({ kind: 'entry', id: 7, name: 'manifest.json', store: false });
    expect(sent.at(-1)).to.deep.equal({ kind: 'read', id: 7, entry: 1 });
    expect((await iterator.next()).value).to.include({ name: 'manifest.json' });
    const last = iterator.next();
    run.receive({ kind: 'entries-done', id: 7 });
    expect(await last).to.deep.equal({ done: true, value: undefined });
    expect(sent.filter((message) => message.kind !== 'read')).to.deep.equal([]);
  });

  it('reads ahead into one announced entry only: a further one waits until the ZIP opens it', async () => {
    const { run, sent } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'orders_acme.zip', dateMs: 0 });
    run.receive({ kind: 'entry', id: 7, name: 'acme/orders.csv', store: false });
    run.receive({ kind: 'chunk', id: 7, bytes: new Uint8Array([1, 2, 3]) });
    run.receive({ kind: 'entry-end', id: 7 });
    run.receive({ kind: 'entry', id: 7, name: 'acme/order_items.csv', store: false });
    expect(sent.filter((message) => message.kind === 'read' && message.entry === 1)).to.deep.equal([]);
    const iterator = run.entries[Symbol.asyncIterator]();
    const first = (await iterator.next()).value!.open();
    expect(Buffer.concat(await first.toArray())).to.deep.equal(Buffer.from([1, 2, 3]));
    const second = (await iterator.next()).value!;
    expect(second.name).to.equal('acme/order_items.csv');
    second.open().resume();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.filter((message) => message.kind === 'read' && message.entry === 1)).to.have.length(16);
  });

  it('fails the open entry and settles the counters when the worker is lost', async () => {
    const { run, source } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'orders_acme.zip', dateMs: 0 });
    const next = run.entries[Symbol.asyncIterator]().next();
    run.receive({ kind: 'entry', id: 7, name: 'acme/orders.csv', store: false });
    const stream = (await next).value!.open();
    stream.resume();
    run.receive({ kind: 'source', id: 7, event: 'cursorOpened' });
    run.receive({ kind: 'rows-read', id: 7, count: 1024 });
    expect([source.counters.openSnapshots, source.counters.openCursors, source.counters.rowsRead]).to.deep.equal([1, 1, 1024]);
    run.lost(new Error('export worker exited with code 1'));
    const error = await finished(stream).then(() => undefined, (failure: unknown) => failure);
    expect(error).to.be.instanceOf(Error).with.property('message', 'export worker exited with code 1');
    expect([source.counters.openSnapshots, source.counters.openCursors]).to.deep.equal([0, 0]);
    expect(run.released).to.equal(true);
  });

  it('tells the worker to close once, and not after the worker released the export', () => {
    const closedLater = remote();
    closedLater.run.close();
    closedLater.run.close();
    expect(closedLater.sent).to.deep.equal([{ kind: 'close', id: 7 }]);
    const releasedFirst = remote();
    releasedFirst.run.receive({ kind: 'released', id: 7 });
    releasedFirst.run.close();
    expect(releasedFirst.sent).to.deep.equal([]);
  });

  it('drops an entry the worker announced as the close crossed it, and ends quietly when the worker releases', async () => {
    const { run, sent } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'x.zip', dateMs: 0 });
    const uncaught: unknown[] = [];
    const listen = (error: unknown): void => { uncaught.push(error); };
    process.on('uncaughtException', listen);
    try {
      run.close();
      run.receive({ kind: 'entry', id: 7, name: 'acme/orders.xlsx', store: true });
      run.receive({ kind: 'chunk', id: 7, bytes: new Uint8Array([1, 2, 3]) });
      run.receive({ kind: 'released', id: 7 });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', listen);
    }
    expect(uncaught).to.deep.equal([]);
    expect(sent.filter((message) => message.kind === 'read'), 'nothing read of the dropped entry').to.deep.equal([]);
  });

  it('fails an announced entry the ZIP never opened without an uncaught error', async () => {
    const { run } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'x.zip', dateMs: 0 });
    run.receive({ kind: 'entry', id: 7, name: 'acme/orders.csv', store: false });
    const uncaught: unknown[] = [];
    const listen = (error: unknown): void => { uncaught.push(error); };
    process.on('uncaughtException', listen);
    try {
      run.receive({ kind: 'released', id: 7 });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', listen);
    }
    expect(uncaught).to.deep.equal([]);
  });
});
