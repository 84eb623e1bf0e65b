import { expect } from 'chai';
import { escapeAttribute, escapeCellText } from '../../../../src/writers/xlsx/escape.js';

/**
 * What a reader does with a `<t>` text node: an XML parser resolves entities and character references, then
 * `_xHHHH_` escapes are decoded left to right (ECMA-376 ST_Xstring; Excel, LibreOffice, openpyxl's `unescape`).
 */
function readBack(xml: string): string {
  const entities: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#13;': '\r' };
  const parsed = xml.replace(/&amp;|&lt;|&gt;|&#13;/g, (entity) => entities[entity] ?? entity);
  return parsed.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Characters XML 1.0 allows in a text node (lone surrogates and U+FFFE/U+FFFF are not), less the carriage return,
 * which parsers would read as a line feed.
 */
const XML_CHARACTERS = /^(?:[\t\n\u0020-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** A deterministic pseudo-random generator (mulberry32). */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('escapeCellText', () => {
  it('returns plain text unchanged, including tabs, line feeds, emoji and right-to-left text', () => {
    for (const text of ['Ada Lovelace', 'tab\there\nnext line', '😀 👍🏽', 'שלום عربى', '_x12_', '_xZZZZ_', '"quoted"']) {
      expect(escapeCellText(text)).to.equal(text);
    }
  });

  it('escapes XML markup characters', () => {
    expect(escapeCellText('a & b < c > d')).to.equal('a &amp; b &lt; c &gt; d');
  });

  it('writes a carriage return as a character reference, which XML parsers do not turn into a line feed', () => {
    expect(escapeCellText('one\r\ntwo\rthree')).to.equal('one&#13;\ntwo&#13;three');
  });

  it('writes characters XML cannot hold as _xHHHH_ with uppercase hex', () => {
    expect(escapeCellText('\u0000\u0001\u0008\u000B\u000C\u000E\u001F')).to.equal(
      '_x0000__x0001__x0008__x000B__x000C__x000E__x001F_',
    );
    expect(escapeCellText('\uFFFE\uFFFF')).to.equal('_xFFFE__xFFFF_');
    expect(escapeCellText('a\uD83Db\uDE00c')).to.equal('a_xD83D_b_xDE00_c');
  });

  it('escapes the underscore of text that looks like an escape, whatever the case of its hex digits', () => {
    expect(escapeCellText('_x0041_')).to.equal('_x005F_x0041_');
    expect(escapeCellText('_X004a_ and _x00e9_')).to.equal('_X004a_ and _x005F_x00e9_');
    expect(escapeCellText('_x0041' + '\u0001')).to.equal('_x005F_x0041_x0001_');
  });

  it('produces valid XML text that reads back exactly, for any string', () => {
    const alphabet = [
      ...['_', 'x', 'X', '0', '4', '1', 'F', 'a', '5', '&', '<', '>', '\r', '\n', '\t'],
      ...['\u0001', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '😀', 'é'],
    ];
    const random = randomNumbers(42);
    for (let sample = 0; sample < 20_000; sample++) {
      const length = Math.floor(random() * 16);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const escaped = escapeCellText(text);
      expect(escaped, JSON.stringify(text)).to.match(XML_CHARACTERS);
      expect(readBack(escaped), JSON.stringify(text)).to.equal(text);
    }
  });
});

describe('escapeAttribute', () => {
  it('escapes the characters that end or break an attribute value', () => {
    expect(escapeAttribute(`Tom & Jerry's "<shop>"`)).to.equal('Tom &amp; Jerry&apos;s &quot;&lt;shop&gt;&quot;');
    expect(escapeAttribute('Orders 2')).to.equal('Orders 2');
  });
});
