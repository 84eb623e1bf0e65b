import { expect } from 'chai';
import { buffer, text } from 'node:stream/consumers';
import { createCsvStream, type CsvRecord } from '../../../src/writers/csv.js';

async function csvOf(records: CsvRecord[], bom = false): Promise<string> {
  // Buffer#toString keeps a byte-order mark, which TextDecoder (stream/consumers' text) would drop.
  return (await buffer(createCsvStream({ header: ['a', 'b'], bom, rows: () => records[Symbol.iterator]() }))).toString('utf8');
}

describe('CSV writer', () => {
  it('writes a header and CRLF-terminated records', async () => {
    expect(await csvOf([['1', 'x'], ['2', 'y']])).to.equal('a,b\r\n1,x\r\n2,y\r\n');
  });

  it('starts with a UTF-8 byte-order mark when asked', async () => {
    expect(await csvOf([], true)).to.equal('\uFEFFa,b\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF, doubling quotes (RFC 4180)', async () => {
    const csv = await csvOf([['a,b', 'say "hi"'], ['line\nbreak', 'carriage\rreturn'], ['crlf\r\nx', 'plain']]);
    expect(csv).to.equal('a,b\r\n"a,b","say ""hi"""\r\n"line\nbreak","carriage\rreturn"\r\n"crlf\r\nx",plain\r\n');
  });

  it('writes null as an empty field and keeps every other character as it is', async () => {
    expect(await csvOf([[null, '\u0001 \u{1F600} مرحبا \uFFFE']])).to.equal('a,b\r\n,\u0001 \u{1F600} مرحبا \uFFFE\r\n');
  });

  it('pulls records only as its reader reads, and returns the iterator when destroyed', async () => {
    let pulled = 0;
    let returned = false;
    const rows = function* (): Generator<CsvRecord> {
      try {
        for (;;) {
          pulled += 1;
          yield [String(pulled), 'x'.repeat(100)];
        }
      } finally {
        returned = true;
      }
    };
    const stream = createCsvStream({ header: ['a', 'b'], bom: false, rows });
    await new Promise((resolve) => stream.once('readable', resolve));
    expect(pulled).to.be.below(5000);
    stream.destroy();
    expect(returned).to.equal(true);
  });

  it('fails the stream when the rows fail', async () => {
    const rows = function* (): Generator<CsvRecord> {
      yield ['1', '2'];
      throw new Error('disk on fire');
    };
    const stream = createCsvStream({ header: ['a', 'b'], bom: false, rows });
    let failure: unknown;
    try {
      await text(stream);
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('disk on fire');
  });
});
