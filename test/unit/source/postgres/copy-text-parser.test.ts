import { expect } from 'chai';
import { CopyTextParser } from '../../../../src/source/postgres/copy-text-parser.js';
import { copyLine } from '../../../../src/source/postgres/copy-from-sqlite.js';

const KINDS = ['integer', 'text', 'text', 'integer'] as const;

/** Parses `text` cut into chunks of `size` bytes (anywhere, even inside a UTF-8 character). */
function parseInChunks(text: string, size: number): unknown[][] {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new CopyTextParser<unknown[]>(KINDS);
  const rows: unknown[][] = [];
  for (let offset = 0; offset < bytes.length; offset += size) parser.parse(bytes.subarray(offset, offset + size), rows);
  parser.end();
  return rows;
}

describe('COPY text parser', () => {
  const rows: unknown[][] = [
    [1, 'plain', null, -42],
    [2, 'tab\there, LF\nthere, CR\rthere, backslash \\ and \\N as text', '', 9_007_199_254_740_991],
    [3, 'emoji 👨‍👩‍👧 and ü, U+FFFE \uFFFE', '\b\f\v', 0],
    [4, '\\', '\\\\N', 12_345_678_901_234_567_890n],
  ];
  const text = rows.map((row) => copyLine(row)).join('');

  it("reads back what COPY's text format writes: NULL, escapes, empty text, integers and bigints past 2^53", () => {
    expect(parseInChunks(text, 1 << 20)).to.deep.equal(rows);
  });

  it('reads the same rows from chunks cut anywhere, inside escapes and UTF-8 characters', () => {
    for (const size of [1, 2, 3, 5, 7, 64]) expect(parseInChunks(text, size), `chunks of ${size} bytes`).to.deep.equal(rows);
  });

  it('fails on a row with another number of fields, on a malformed integer, and on data that ends inside a row', () => {
    expect(() => parseInChunks('1\ta\tb\n', 100)).to.throw(RangeError, 'a COPY row has 3 fields, expected 4');
    expect(() => parseInChunks('x1\ta\tb\t2\n', 100)).to.throw(RangeError, 'not an integer');
    expect(() => parseInChunks('1\ta\tb\t2', 100)).to.throw(RangeError, 'COPY data ended inside a row');
  });
});
