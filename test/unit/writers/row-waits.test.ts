import { expect } from 'chai';
import type { Readable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import type { Pulled, RowIterator } from '../../../src/row-wait.js';
import { createCsvStream, csvRecord } from '../../../src/writers/csv.js';
import { createXlsxStream, type XlsxCell } from '../../../src/writers/xlsx/index.js';

/** The rows, with a wait (settled a few event-loop turns later) before every `every`-th row and before the end. */
function* withWaits<Row>(rows: readonly Row[], every: number, counted: { waits: number }): Generator<Pulled<Row>, void, undefined> {
  for (let index = 0; index < rows.length; index += 1) {
    if (index % every === 0) {
      counted.waits += 1;
      yield tick().then(() => tick());
    }
    yield rows[index]!;
  }
  counted.waits += 1;
  yield tick();
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const lines: string[] = Array.from({ length: 3000 }, (_, index) => csvRecord([String(index), `name ${index}`, index % 7 === 0 ? null : 'a,"b"']));
const cells: (readonly XlsxCell[])[] = Array.from({ length: 2500 }, (_, index) => [index, `text ${index}`]);
const columns = [{ header: 'n', kind: 'integer', width: 8 }, { header: 't', kind: 'text', width: 20 }] as const;

const xlsxOf = (rows: () => RowIterator<readonly XlsxCell[]>, maxRowsPerSheet: number): Readable => createXlsxStream({
  date: new Date(Date.UTC(2026, 0, 1)), compressionLevel: 1, maxRowsPerSheet,
  sheets: [{ name: 'Rows', columns, rows }],
});

describe('writers: rows that must be waited for (RowWait)', () => {
  it('writes the same CSV bytes when the rows come with waits between them, every few rows or at every row', async () => {
    const plain = await bytesOf(createCsvStream({ header: ['a', 'b', 'c'], bom: true, lines: () => lines[Symbol.iterator]() }));
    for (const every of [1, 7, 1000]) {
      const counted = { waits: 0 };
      const waited = await bytesOf(createCsvStream({ header: ['a', 'b', 'c'], bom: true, lines: () => withWaits(lines, every, counted) }));
      expect(waited.equals(plain), `a wait every ${every} rows`).to.equal(true);
      expect(counted.waits).to.equal(Math.ceil(lines.length / every) + 1);
    }
  });

  it('writes the same XLSX bytes with waits, also where a full sheet looks ahead for a continuation', async () => {
    for (const maxRows of [1_048_575, 1000, 2500]) {
      const plain = await bytesOf(xlsxOf(() => cells[Symbol.iterator](), maxRows));
      for (const every of [1, 250]) {
        const waited = await bytesOf(xlsxOf(() => withWaits(cells, every, { waits: 0 }), maxRows));
        expect(waited.equals(plain), `sheets of ${maxRows} rows, a wait every ${every} rows`).to.equal(true);
      }
    }
  });

  it('fails the stream when a wait rejects', async () => {
    function* failing(): Generator<Pulled<string>, void, undefined> {
      yield csvRecord(['1']);
      const failed = Promise.reject(new Error('the network went away'));
      failed.catch(() => undefined); // handled by the stream, a turn later
      yield failed;
    }
    const stream = createCsvStream({ header: ['a'], bom: false, lines: failing });
    let failure: unknown;
    try {
      await bytesOf(stream);
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('the network went away');
  });
});
