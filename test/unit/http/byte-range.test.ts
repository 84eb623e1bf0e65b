import { expect } from 'chai';
import { ifRangeHolds, noneMatch, parseRange } from '../../../src/http/byte-range.js';

describe('byte ranges and validators', () => {
  it('reads a single byte range of a representation of 100 bytes', () => {
    const cases: [string | undefined, ReturnType<typeof parseRange>][] = [
      [undefined, 'whole'], ['', 'whole'], ['bytes=0-0', { start: 0, end: 0 }], ['bytes=99-99', { start: 99, end: 99 }],
      ['bytes=90-200', { start: 90, end: 99 }], ['bytes=10-', { start: 10, end: 99 }], ['bytes=-10', { start: 90, end: 99 }],
      ['bytes=-500', { start: 0, end: 99 }], ['BYTES = 1 - 2', 'whole'], ['bytes= 1 - 2', { start: 1, end: 2 }],
      ['bytes=100-', 'unsatisfiable'], ['bytes=100-150', 'unsatisfiable'], ['bytes=-0', 'unsatisfiable'],
      ['bytes=5-1', 'whole'], ['bytes=0-1,3-4', 'whole'], ['items=0-1', 'whole'], ['bytes=-', 'whole'], ['bytes=a-b', 'whole'],
    ];
    for (const [header, expected] of cases) expect(parseRange(header, 100), String(header)).to.deep.equal(expected);
    expect(parseRange('bytes=0-', 0)).to.equal('unsatisfiable');
  });

  it('compares If-None-Match weakly and If-Range strongly, or by date in whole seconds', () => {
    expect(noneMatch('W/"a", "b"', '"a"')).to.equal(true);
    expect(noneMatch('"b"', '"a"')).to.equal(false);
    const modified = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
    expect(ifRangeHolds('"a"', '"a"', modified)).to.equal(true);
    expect(ifRangeHolds('W/"a"', '"a"', modified)).to.equal(false);
    expect(ifRangeHolds(modified.toUTCString(), '"a"', modified)).to.equal(true);
    expect(ifRangeHolds(new Date(modified.getTime() - 1000).toUTCString(), '"a"', modified)).to.equal(false);
    expect(ifRangeHolds('yesterday', '"a"', modified)).to.equal(false);
  });
});
