import { expect } from 'chai';
import type pg from 'pg';
import { SeededRandom } from '../../../../src/source/demo/random.js';
import { CopyBinaryParser, type CopyColumn } from '../../../../src/source/postgres/copy-binary-parser.js';
import { copyChunks, testPostgres, textRows, utcSession } from '../../../helpers/postgres.js';

type Value = string | number | bigint | null;

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const INTEGERS = ['0', '-1', '1', '4294967295', '4294967296', '-4294967296', '-4294967297', '9007199254740991', '-9007199254740991',
  '9007199254740992', '-9007199254740992', '9007199254740993', '9223372036854775807', '-9223372036854775808', 'NULL'];
const TEXTS = ['NULL', "''", literal('plain'), literal('ü, €, 中, 😀 and 👨‍👩‍👧'), literal('tab\there, LF\nthere, CR\rthere, backslash \\ and \\N'),
  literal('\\N'), literal('"quoted", with a comma'), "repeat('é😀', 1500)", literal(' ')];
const TIMESTAMPS = ['2026-01-05 08:30:00+00', '2026-01-05 08:30:00.123456+00', '2026-01-05 08:30:00.000001+00', '1969-12-31 23:59:59.999999+00',
  '1970-01-01 00:00:00+00', '1600-02-29 12:00:00.5+00', '1684-06-01 00:00:00+00', '1700-03-01 00:00:00.25+00', '1714-06-01 00:00:00+00',
  '2255-06-01 00:00:00+00', '2260-01-01 00:00:00.000001+00', '9999-12-31 23:59:59.999999+00', '10000-01-01 00:00:00+00', 'infinity',
  '-infinity', '0044-03-15 12:00:00+00 BC', '4713-11-24 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00']
  .map(literal).concat(['9007199254740991', '-9007199254740991', '9007199254740992', '-9007199254740992']
    .map((micros) => `(timestamptz 'epoch' + ${micros} * interval '1 microsecond')`), ['NULL']);
const INT4S = ['2147483647', '-2147483648', '0', 'NULL'];
const INT2S = ['32767', '-32768', '-1', 'NULL'];

/** The columns of {@link QUERY}: a row number, an int8, text, a timestamptz, an int4 and a smallint cast to int8. */
const COLUMNS: readonly CopyColumn[] = ['integer', 'integer', 'text', 'timestamp', 'integer', 'integer'];
const EDGE_ROWS = Math.max(INTEGERS.length, TEXTS.length, TIMESTAMPS.length);
const value = (list: readonly string[], row: number): string => list[row % list.length]!;
/** Every edge value of every column, then a thousand ordinary rows of every length up to a few hundred bytes. */
const QUERY = `SELECT n, i, t, at, small::int8, tiny::int8 FROM (VALUES ${Array.from({ length: EDGE_ROWS }, (_, row) =>
  `(${row}::int8, (${value(INTEGERS, row)})::int8, (${value(TEXTS, row)})::text, (${value(TIMESTAMPS, row)})::timestamptz, (${value(INT4S, row)})::int4, (${value(INT2S, row)})::int2)`).join(', ')})
  AS edges (n, i, t, at, small, tiny)
  UNION ALL SELECT n + 1000, n * 7919 - 3000000, repeat(md5(n::text), n % 12), timestamptz '2026-01-01' + n * interval '1.000001 second',
    n::int4, (n % 32000)::int2 FROM generate_series(1, 1000) AS n
  ORDER BY n`;

/** PostgreSQL's text of a timestamptz as epoch microseconds when it is a safe integer (years 0000 to 9999 only). */
function epochMicrosOf(text: string): number | undefined {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/.exec(text);
  if (match === null) return undefined;
  const micros = BigInt(Date.parse(`${match[1]}T${match[2]}Z`)) * 1000n + BigInt((match[3] ?? '').padEnd(6, '0'));
  return micros >= BigInt(Number.MIN_SAFE_INTEGER) && micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : undefined;
}

/**
 * What the parser must give for a value PostgreSQL writes as text: an int8 as a number when safe, else a bigint; a
 * timestamptz as its epoch microseconds when they are a safe integer (1685 to 2255), else PostgreSQL's text.
 */
function expectedValue(kind: CopyColumn, text: string | null): Value {
  if (text === null || kind === 'text') return text;
  if (kind === 'timestamp') return epochMicrosOf(text) ?? text;
  return Number.isSafeInteger(Number(text)) ? Number(text) : BigInt(text);
}

/** Pushes the chunks one by one, taking every row that is ready after each; then `end()`. */
function parseChunks(chunks: readonly Buffer[], columns: readonly CopyColumn[] = COLUMNS): Value[][] {
  const parser = new CopyBinaryParser<Value[]>(columns);
  const rows: Value[][] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    for (let row = parser.next(); row !== undefined; row = parser.next()) rows.push(row);
  }
  parser.end();
  return rows;
}

/** The bytes cut into chunks of random sizes between `smallest` and `largest`. */
function randomChunks(bytes: Buffer, random: SeededRandom, smallest: number, largest: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = random.integer(smallest, largest);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

const header = (extension: number): Buffer => {
  const bytes = Buffer.alloc(19);
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1').copy(bytes);
  bytes.writeUInt32BE(extension, 15);
  return bytes;
};

describe('CopyBinaryParser: binary COPY as PostgreSQL writes it', () => {
  let client: pg.Client | undefined;
  let bytes: Buffer;
  let delivered: Buffer[];
  let expected: Value[][];

  before(async function () {
    const cluster = await testPostgres();
    if (cluster === null) return this.skip();
    client = await utcSession(cluster);
    delivered = await copyChunks(client, QUERY, 'binary');
    bytes = Buffer.concat(delivered);
    expected = (await textRows(client, QUERY)).map((row) => row.map((text, index) => expectedValue(COLUMNS[index]!, text)));
  });
  after(async () => {
    await client?.end();
  });

  it('reads every edge value as PostgreSQL writes it as text: NULL, UTF-8, int8 past 2^53, timestamps of every era', () => {
    const rows = parseChunks([bytes]);
    expect(rows.length).to.equal(EDGE_ROWS + 1000);
    expect(rows).to.deep.equal(expected);
    // The edge values are there (the query's VALUES are not all NULL by mistake), with the types the export needs.
    const flat = rows.flat();
    for (const wanted of [9_007_199_254_740_991, -9_007_199_254_740_991, 9_007_199_254_740_992n, -9_223_372_036_854_775_808n, 2_147_483_647, -32_768,
      '\\N', '', 'infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '1600-02-29 12:00:00.5+00', 1_767_601_800_123_456]) {
      expect(flat, String(wanted)).to.include(wanted);
    }
  });

  it('reads the same rows from the chunks as they came, from 1-byte chunks, and from chunks of random sizes', () => {
    expect(parseChunks(delivered), 'as delivered').to.deep.equal(expected);
    expect(parseChunks(randomChunks(bytes, new SeededRandom(1), 1, 1)), '1-byte chunks').to.deep.equal(expected);
    for (const [seed, smallest, largest] of [[2, 1, 20], [3, 20, 600], [4, 4000, 9000], [5, 1, 70_000]] as const) {
      expect(parseChunks(randomChunks(bytes, new SeededRandom(seed), smallest, largest)), `chunks of ${smallest} to ${largest} bytes`).to.deep.equal(expected);
    }
  });

  it('skips a header extension', () => {
    const extension = Buffer.from([1, 2, 3, 4, 5]);
    const extended = Buffer.concat([header(extension.length), extension, bytes.subarray(19)]);
    expect(parseChunks([extended])).to.deep.equal(expected);
    expect(parseChunks(randomChunks(extended, new SeededRandom(6), 1, 7))).to.deep.equal(expected);
  });

  it('gives the rows before a cut and then fails at the end when the data ends inside a row or before the trailer', () => {
    const random = new SeededRandom(8);
    for (const cut of [19, 20, 30, bytes.length - 3, bytes.length - 2, ...Array.from({ length: 20 }, () => random.integer(19, bytes.length - 2))]) {
      const parser = new CopyBinaryParser<Value[]>(COLUMNS);
      parser.push(bytes.subarray(0, cut));
      const rows: Value[][] = [];
      for (let row = parser.next(); row !== undefined; row = parser.next()) rows.push(row);
      expect(rows, `cut at ${cut}`).to.deep.equal(expected.slice(0, rows.length));
      expect(() => parser.end(), `cut at ${cut}`).to.throw(RangeError, 'COPY data ended inside a row');
    }
  });

  it('fails at the end when data follows the trailer', () => {
    expect(() => parseChunks([bytes, Buffer.from([0])])).to.throw(RangeError, 'COPY data ended inside a row (1 bytes left)');
  });

  it('refuses data that is not binary COPY, such as the text format', async () => {
    const text = Buffer.concat(await copyChunks(client!, QUERY, 'text'));
    expect(() => parseChunks([text])).to.throw(RangeError, 'not binary COPY data');
    expect(() => parseChunks([Buffer.concat([Buffer.from('PGCOPY\n\xfe\r\n\0', 'latin1'), bytes.subarray(11)])])).to.throw(RangeError, 'not binary COPY data');
  });

  it('refuses rows with another number of fields than its columns', () => {
    expect(() => parseChunks([bytes], COLUMNS.slice(1))).to.throw(RangeError, 'a COPY row has 6 fields, expected 5');
    expect(() => parseChunks([bytes], [...COLUMNS, 'text'])).to.throw(RangeError, 'a COPY row has 6 fields, expected 7');
  });

  it('refuses an integer or a timestamp column that is not 8 bytes (an int4 not cast to int8, a date)', async () => {
    const int4 = Buffer.concat(await copyChunks(client!, 'SELECT 42::int4', 'binary'));
    expect(() => parseChunks([int4], ['integer'])).to.throw(RangeError, 'a COPY integer field has 4 bytes, expected 8');
    const date = Buffer.concat(await copyChunks(client!, "SELECT date '2026-01-05'", 'binary'));
    expect(() => parseChunks([date], ['timestamp'])).to.throw(RangeError, 'a COPY timestamp field has 4 bytes, expected 8');
  });

  it('counts the bytes taken and not yet parsed, down to none after the trailer', () => {
    const parser = new CopyBinaryParser<Value[]>(COLUMNS);
    const [first, rest] = [bytes.subarray(0, 5000), bytes.subarray(5000)];
    parser.push(first);
    parser.push(rest);
    expect(parser.bufferedBytes).to.equal(bytes.length);
    const row = parser.next();
    expect(row).to.deep.equal(expected[0]);
    expect(parser.bufferedBytes).to.be.below(bytes.length - 19).and.above(0);
    while (parser.next() !== undefined);
    expect(parser.bufferedBytes).to.equal(0);
    expect(() => parser.end()).not.to.throw();
  });
});
