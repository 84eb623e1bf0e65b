import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { expect } from 'chai';
import { createXlsxStream, type XlsxCell } from '../../../../src/writers/xlsx/index.js';
import {
  collect,
  failureOf,
  ORDER_COLUMNS,
  orderRow,
  PACKAGE_DATE,
  pause,
  readAtLeast,
  trackedSource,
  type TrackedSource,
} from './sources.js';

function orders(name: string, rowCount: number, row: (index: number) => readonly XlsxCell[] = orderRow): TrackedSource {
  return trackedSource({ name, columns: ORDER_COLUMNS, rowCount, row });
}

async function destroyAndSettle(stream: Readable): Promise<void> {
  stream.destroy();
  await once(stream, 'close');
  await pause(50);
}

describe('xlsx streaming', () => {
  it('is byte-identical for identical input', async () => {
    const write = (): Promise<Buffer> =>
      collect(createXlsxStream({ sheets: [orders('Orders', 5_000), orders('Items', 10)], date: PACKAGE_DATE, maxRowsPerSheet: 2_000 }));
    const [first, second] = [await write(), await write()];
    expect(first.length).to.be.greaterThan(10_000);
    expect(first.equals(second)).to.equal(true);
  });

  it('opens nothing until the stream is first read', async () => {
    const source = orders('Orders', 10);
    const stream = createXlsxStream({ sheets: [source], date: PACKAGE_DATE });
    await pause(50);
    expect(source.calls.rows).to.equal(0);
    await destroyAndSettle(stream);
    expect(source.calls).to.deep.equal({ rows: 0, pulls: 0, returns: 0 });
  });

  it('opens the second sheet only once the first is fully written', async () => {
    const second = orders('Items', 3);
    const secondOpenedDuringFirst: number[] = [];
    const first = orders('Orders', 50_000, (index) => {
      secondOpenedDuringFirst.push(second.calls.rows);
      return orderRow(index);
    });
    await collect(createXlsxStream({ sheets: [first, second], date: PACKAGE_DATE }));
    expect(secondOpenedDuringFirst).to.have.length(50_000);
    expect(secondOpenedDuringFirst.every((opened) => opened === 0)).to.equal(true);
    expect([first.calls.rows, second.calls.rows]).to.deep.equal([1, 1]);
  });

  it('stops pulling rows while the reader does not read: a stalled download leaves the iterator undrained', async () => {
    const source = orders('Orders', 1_000_000);
    const stream = createXlsxStream({ sheets: [source], date: PACKAGE_DATE });
    await readAtLeast(stream, 1);
    await pause(300);
    const pulledWhileStalled = source.calls.pulls;
    await pause(300);
    expect(source.calls.pulls).to.equal(pulledWhileStalled);
    expect(pulledWhileStalled).to.be.greaterThan(0).and.lessThan(50_000);
    await destroyAndSettle(stream);
  });

  it("calls the iterator's return() and opens no further sheet when the download is destroyed mid-sheet", async () => {
    const [first, second] = [orders('Orders', 1_000_000), orders('Items', 10)];
    const stream = createXlsxStream({ sheets: [first, second], date: PACKAGE_DATE });
    await readAtLeast(stream, 256 * 1024);
    await destroyAndSettle(stream);
    const pulls = first.calls.pulls;
    await pause(50);
    expect(first.calls).to.deep.equal({ rows: 1, pulls, returns: 1 });
    expect(second.calls.rows).to.equal(0);
  });

  it("calls the iterator's return() when destroyed on a continuation sheet", async () => {
    const source = orders('Orders', 1_000_000);
    const stream = createXlsxStream({ sheets: [source], date: PACKAGE_DATE, maxRowsPerSheet: 1_000 });
    await readAtLeast(stream, 256 * 1024);
    expect(source.calls.pulls).to.be.greaterThan(1_000);
    await destroyAndSettle(stream);
    expect(source.calls.returns).to.equal(1);
  });

  it("fails with the iterator's error, never pulling it again nor opening the next sheet", async () => {
    const failure = new Error('database connection lost');
    const first = trackedSource({
      name: 'Orders',
      columns: ORDER_COLUMNS,
      rowCount: 50_000,
      row: orderRow,
      failAt: 20_000,
      failure,
    });
    const second = orders('Items', 10);
    const error = await failureOf(createXlsxStream({ sheets: [first, second], date: PACKAGE_DATE }));
    expect(error).to.equal(failure);
    // Like for...of: an iterator whose next() threw is finished, so its return() is not called either.
    expect(first.calls).to.deep.equal({ rows: 1, pulls: 20_001, returns: 0 });
    expect(second.calls.rows).to.equal(0);
  });

  it("fails with a TypeError for a value that does not fit its column, and calls the iterator's return()", async () => {
    const source = orders('Orders', 50_000, (index) => (index === 12_345 ? [1, '12,50', 0, 'x'] : orderRow(index)));
    const error = await failureOf(createXlsxStream({ sheets: [source], date: PACKAGE_DATE }));
    expect(error).to.be.instanceOf(TypeError).with.property('message').that.matches(/Sheet "Orders", cell B12347/);
    expect(source.calls.returns).to.equal(1);
  });

  it('fails with the error thrown by rows()', async () => {
    const failure = new Error('cannot open cursor');
    const source = { name: 'Orders', columns: ORDER_COLUMNS, rows: (): never => { throw failure; } };
    expect(await failureOf(createXlsxStream({ sheets: [source], date: PACKAGE_DATE }))).to.equal(failure);
  });
});
