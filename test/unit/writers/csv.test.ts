import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { buffer, text } from 'node:stream/consumers';
import { SeededRandom } from '../../../src/source/demo/random.js';
import { createCsvStream, csvRecord, type CsvRecord } from '../../../src/writers/csv.js';

/** The bytes of a CSV stream. */
async function csvBytes(header: readonly string[], records: readonly CsvRecord[], bom = false): Promise<Buffer> {
  return buffer(createCsvStream({ header, bom, lines: () => records.map(csvRecord)[Symbol.iterator]() }));
}

async function csvOf(records: CsvRecord[], bom = false): Promise<string> {
  // Buffer#toString keeps a byte-order mark, which TextDecoder (stream/consumers' text) would drop.
  return (await csvBytes(['a', 'b'], records, bom)).toString('utf8');
}

/** What the writer used to call, and must still match byte for byte. */
function csvStringify(records: readonly CsvRecord[]): Buffer {
  return Buffer.from(stringify(records as (string | null)[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }), 'utf8');
}

/** Pieces of fields: what CSV treats specially, whitespace, non-ASCII, emoji, lone surrogates, BOM-like characters. */
const PIECES = [',', '"', '""', '\r', '\n', '\r\n', ' ', '\t', 'a', 'Z', '0', '.', "'", '=', '-', '\\', ';', 'é', 'ß', 'Ø', '中', 'مر',
  '😀', '👍🏽', '\uD800', '\uDFFF', '\u2028', '\u2029', '\u0085', '\uFEFF', '\uFFFE', '\u0000', '\u001E'];

function randomField(random: SeededRandom): string | null {
  const roll = random.next();
  if (roll < 0.1) return null;
  if (roll < 0.2) return '';
  if (roll < 0.22) return 'x'.repeat(random.integer(100, 5000)) + random.pick(PIECES);
  return Array.from({ length: random.integer(1, 12) }, () => random.pick(PIECES)).join('');
}

function randomRecord(random: SeededRandom, minimumLength = 0): CsvRecord {
  return Array.from({ length: random.integer(minimumLength, 16) }, () => randomField(random));
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

  it('writes null and the empty string alike: an empty field, not quoted', async () => {
    expect(await csvOf([[null, ''], ['', null], ['x', '']])).to.equal('a,b\r\n,\r\n,\r\nx,\r\n');
  });

  it('writes a field that is only a quote as four quotes', async () => {
    expect(await csvOf([['"', '""']])).to.equal('a,b\r\n"""",""""""\r\n');
  });

  it('quotes a field ending in a carriage return, so it cannot merge with the CRLF after it', async () => {
    expect(await csvOf([['x', 'ends in CR\r']])).to.equal('a,b\r\nx,"ends in CR\r"\r\n');
  });

  it('leaves spaces, tabs, semicolons, backslashes and formula-like text unquoted', async () => {
    const fields = [' padded ', '\ttab', 'a;b', 'back\\slash', '=1+2', '-3', "it's", '\u2028\uFEFF'];
    expect(await csvOf([fields])).to.equal(`a,b\r\n${fields.join(',')}\r\n`);
  });

  it('quotes header names like any field', async () => {
    expect((await csvBytes(['id', 'name, full', 'say "x"'], [])).toString('utf8')).to.equal('id,"name, full","say ""x"""\r\n');
  });

  it('writes the same bytes as csv-stringify for thousands of random records', async () => {
    const random = new SeededRandom(4180);
    let total = 0;
    for (let round = 0; round < 40; round += 1) {
      // Up to 600 records, so many rounds span several of the writer's 256-record batches.
      const records = Array.from({ length: random.integer(0, 600) }, () => randomRecord(random));
      const header = randomRecord(random).map((field) => field ?? 'h');
      // Both sides are UTF-8 encoded strings, so equal text means equal bytes; text gives a readable diff.
      const expected = csvStringify([header, ...records]).toString('utf8');
      expect((await csvBytes(header, records)).toString('utf8'), `round ${round}`).to.equal(expected);
      total += records.length;
    }
    expect(total).to.be.above(5000);
  });

  it('reads back through csv-parse as the records, null as the empty string', async () => {
    const random = new SeededRandom(2026);
    // A record needs a field to be a line: csv-parse reads an empty line as one empty field.
    const records = Array.from({ length: 3000 }, () => randomRecord(random, 1));
    const csv = await csvBytes(['a', 'b'], records, true);
    const parsed: unknown = parse(csv, { bom: true, relax_column_count: true });
    // UTF-8 cannot hold a lone surrogate: it is written, and so read back, as U+FFFD.
    const wellFormed = (field: string | null): string => Buffer.from(field ?? '', 'utf8').toString('utf8');
    expect(parsed).to.deep.equal([['a', 'b'], ...records.map((record) => record.map(wellFormed))]);
  });

  it('pulls records only as its reader reads, and returns the iterator when destroyed', async () => {
    let pulled = 0;
    let returned = false;
    const lines = function* (): Generator<string> {
      try {
        for (;;) {
          pulled += 1;
          yield csvRecord([String(pulled), 'x'.repeat(100)]);
        }
      } finally {
        returned = true;
      }
    };
    const stream = createCsvStream({ header: ['a', 'b'], bom: false, lines });
    await new Promise((resolve) => stream.once('readable', resolve));
    expect(pulled).to.be.below(5000);
    stream.destroy();
    expect(returned).to.equal(true);
  });

  it('fails the stream when the rows fail', async () => {
    const lines = function* (): Generator<string> {
      yield csvRecord(['1', '2']);
      throw new Error('disk on fire');
    };
    const stream = createCsvStream({ header: ['a', 'b'], bom: false, lines });
    let failure: unknown;
    try {
      await text(stream);
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('disk on fire');
  });
});
