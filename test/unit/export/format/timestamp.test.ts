import { expect } from 'chai';
import { formatLocalTime, microsecondsOf, parseUtcInstant, toLocalTime } from '../../../../src/export/format/timestamp.js';
import { TimeZone } from '../../../../src/export/format/time-zone.js';

const local = (text: string, zone = 'Europe/Berlin'): string => formatLocalTime(toLocalTime(parseUtcInstant(text), TimeZone.of(zone)), microsecondsOf(text));

describe('timestamps of both engines', () => {
  it("reads SQLite's ISO text and PostgreSQL's timestamptz text in UTC as the same instant", () => {
    expect(parseUtcInstant('2026-01-05 08:30:00.123+00')).to.equal(parseUtcInstant('2026-01-05T08:30:00.123Z'));
    expect(parseUtcInstant('2026-01-05 08:30:00+00')).to.equal(Date.UTC(2026, 0, 5, 8, 30));
  });

  it('shows milliseconds when not zero, and microseconds when the instant has them', () => {
    expect(local('2026-01-05T08:30:00.000Z')).to.equal('2026-01-05T09:30:00+01:00');
    expect(local('2026-01-05T08:30:00.250Z')).to.equal('2026-01-05T09:30:00.250+01:00');
    expect(local('2026-01-05 08:30:00.25+00')).to.equal('2026-01-05T09:30:00.250+01:00');
    expect(local('2026-01-05 08:30:00.250125+00')).to.equal('2026-01-05T09:30:00.250125+01:00');
    expect(local('2026-01-05 08:30:00.000001+00')).to.equal('2026-01-05T09:30:00.000001+01:00');
    expect(local('2026-01-05 08:30:59.999999+00')).to.equal('2026-01-05T09:30:59.999999+01:00');
    expect(local('1969-12-31 23:59:59.999999+00', 'UTC')).to.equal('1969-12-31T23:59:59.999999+00:00');
    expect(local('9999-12-31 23:59:59.999999+00', 'UTC')).to.equal('9999-12-31T23:59:59.999999+00:00');
    expect(local('2026-01-05 08:30:00.12+00')).to.equal('2026-01-05T09:30:00.120+01:00');
    expect(local('2026-01-05 08:30:00.1234+00')).to.equal('2026-01-05T09:30:00.123400+01:00');
  });

  it('refuses other text, with other offsets or more than six fraction digits', () => {
    for (const text of ['2026-01-05 08:30:00+01', '2026-01-05T08:30:00.1234567Z', '2026-01-05', 'yesterday']) {
      expect(() => parseUtcInstant(text), text).to.throw(RangeError, 'not a UTC instant');
    }
  });
});
