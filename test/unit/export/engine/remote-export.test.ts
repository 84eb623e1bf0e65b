import { expect } from 'chai';
import { finished } from 'node:stream/promises';
import { RemoteExport } from '../../../../src/export/engine/remote-export.js';
import type { ToWorker } from '../../../../src/export/engine/protocol.js';
import { ShopzipError } from '../../../../src/errors.js';
import { OrdersSource } from '../../../../src/source/orders-source.js';

/** A RemoteExport whose messages to the worker are collected, counting into a source's counters. */
function remote() {
  const sent: ToWorker[] = [];
  const source = new OrdersSource('/nonexistent.db');
  const run = new RemoteExport(7, (message) => sent.push(message), source.trackSnapshot(), undefined);
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

  it('asks for chunks only as the entry is read, a few ahead, and ends the entry when the worker does', async () => {
    const { run, sent } = remote();
    run.receive({ kind: 'planned', id: 7, fileName: 'orders_acme.zip', dateMs: Date.UTC(2026, 0, 1) });
    expect((await run.planned).plan).to.deep.equal({ fileName: 'orders_acme.zip', date: new Date(Date.UTC(2026, 0, 1)) });
    const iterator = run.entries[Symbol.asyncIterator]();
    run.receive({ kind: 'entry', id: 7, name: 'acme/orders.csv', store: false }); // the first entry comes unasked
    const entry = (await iterator.next()).value!;
    expect(sent).to.deep.equal([]);
    expect(entry).to.include({ name: 'acme/orders.csv', store: false });
    const stream = entry.open();
    expect(sent.filter((message) => message.kind === 'read')).to.have.length(0);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.filter((message) => message.kind === 'read')).to.have.length(16);
    run.receive({ kind: 'chunk', id: 7, bytes: new Uint8Array(Buffer.from('id,name\r\n')) });
    run.receive({ kind: 'entry-end', id: 7 });
    await finished(stream);
    expect(Buffer.concat(chunks).toString()).to.equal('id,name\r\n');
    const second = iterator.next();
    expect(sent.at(-1)).to.deep.equal({ kind: 'next', id: 7 });
    run.receive({ kind: 'entries-done', id: 7 });
    expect(await second).to.deep.equal({ done: true, value: undefined });
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
    expect([source.openSnapshots, source.openCursors, source.rowsRead]).to.deep.equal([1, 1, 1024]);
    run.lost(new Error('export worker exited with code 1'));
    const error = await finished(stream).then(() => undefined, (failure: unknown) => failure);
    expect(error).to.be.instanceOf(Error).with.property('message', 'export worker exited with code 1');
    expect([source.openSnapshots, source.openCursors]).to.deep.equal([0, 0]);
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
});
