import { expect } from 'chai';
import { isValidTimeZone, TimeZone } from '../../../../src/export/format/time-zone.js';
import { formatLocalTime, parseUtcInstant, toLocalTime } from '../../../../src/export/format/timestamp.js';
import { referenceOffset, referenceSamples } from '../../../helpers/time-zones.js';

const local = (instant: string, zone: string): string => formatLocalTime(toLocalTime(parseUtcInstant(instant), new TimeZone(zone)));

describe('time zones', () => {
  it('shows an instant in the shop zone with its offset', () => {
    expect(local('2026-01-05T08:30:00.000Z', 'Europe/Berlin')).to.equal('2026-01-05T09:30:00+01:00');
    expect(local('2026-07-05T08:30:00.000Z', 'Europe/Berlin')).to.equal('2026-07-05T10:30:00+02:00');
    expect(local('2026-01-05T08:30:00.000Z', 'Asia/Shanghai')).to.equal('2026-01-05T16:30:00+08:00');
    expect(local('2026-01-05T08:30:00.000Z', 'America/New_York')).to.equal('2026-01-05T03:30:00-05:00');
    expect(local('2026-01-05T08:30:00.000Z', 'Asia/Kolkata')).to.equal('2026-01-05T14:00:00+05:30');
  });

  it('keeps milliseconds when there are any', () => {
    expect(local('2026-01-05T08:30:00.250Z', 'UTC')).to.equal('2026-01-05T08:30:00.250+00:00');
  });

  it('switches offset exactly at the DST change', () => {
    expect(local('2026-03-29T00:59:59.999Z', 'Europe/Berlin')).to.equal('2026-03-29T01:59:59.999+01:00');
    expect(local('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).to.equal('2026-03-29T03:00:00+02:00');
    expect(local('2026-10-25T00:59:59.999Z', 'Europe/Berlin')).to.equal('2026-10-25T02:59:59.999+02:00');
    expect(local('2026-10-25T01:00:00.000Z', 'Europe/Berlin')).to.equal('2026-10-25T02:00:00+01:00');
  });

  it('switches offset at a change in the last minute of the ~99 days whose changes are worked out together', () => {
    // Berlin's clocks go forward at 01:00Z on 28431-03-30, 22.9 seconds before such a window ends.
    const change = Date.parse('+028431-03-30T01:00:00.000Z');
    expect(change % 2 ** 33).to.equal(2 ** 33 - 22_912);
    const berlin = new TimeZone('Europe/Berlin');
    expect([berlin.offsetMinutes(change - 1), berlin.offsetMinutes(change), berlin.offsetMinutes(change + 22_911)]).to.deep.equal([60, 120, 120]);
  });

  it('finds the instant of a local midnight, and the end of a gap for a skipped time', () => {
    const berlin = new TimeZone('Europe/Berlin');
    expect(new Date(berlin.instantOf(Date.UTC(2026, 0, 5))).toISOString()).to.equal('2026-01-04T23:00:00.000Z');
    expect(new Date(berlin.instantOf(Date.UTC(2026, 2, 29, 2, 30))).toISOString()).to.equal('2026-03-29T01:00:00.000Z');
    expect(new Date(berlin.instantOf(Date.UTC(2026, 9, 25, 2, 30))).toISOString()).to.equal('2026-10-25T00:30:00.000Z');
    const kolkata = new TimeZone('Asia/Kolkata');
    expect(new Date(kolkata.instantOf(Date.UTC(2026, 0, 1))).toISOString()).to.equal('2025-12-31T18:30:00.000Z');
  });

  it('agrees with Intl every hour of two years, and every minute around each change, in zones with odd offsets', function () {
    this.timeout(60_000);
    for (const name of ['Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'America/Santiago', 'UTC']) {
      const zone = TimeZone.of(name);
      const reference = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
      const expected = (instant: number): number => {
        const text = reference.formatToParts(instant).find((part) => part.type === 'timeZoneName')!.value;
        const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(text)!;
        return match[1] === undefined ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
      };
      const check = (instant: number): void => {
        if (zone.offsetMinutes(instant) !== expected(instant)) expect.fail(`${name} at ${new Date(instant).toISOString()}: ${zone.offsetMinutes(instant)} != ${expected(instant)}`);
      };
      for (let hour = Date.UTC(2025, 0, 1); hour < Date.UTC(2027, 0, 1); hour += 3_600_000) {
        check(hour);
        if (expected(hour) !== expected(hour + 3_600_000)) for (let minute = hour; minute <= hour + 3_600_000; minute += 60_000) check(minute);
      }
    }
  });

  it('rounds historic offsets with seconds to whole minutes, as the wall clock shows them', () => {
    expect(new TimeZone('Africa/Monrovia').offsetMinutes(Date.UTC(1960, 0, 1))).to.equal(-44); // -00:44:30
    expect(new TimeZone('Africa/Abidjan').offsetMinutes(Date.UTC(1900, 0, 1))).to.equal(-16); // -00:16:08
    expect(new TimeZone('Europe/Dublin').offsetMinutes(Date.UTC(1900, 0, 1))).to.equal(-25); // -00:25:21
    expect(new TimeZone('Asia/Kathmandu').offsetMinutes(Date.UTC(1990, 0, 1))).to.equal(345);
  });

  describe('agrees with the offsets Intl gives from wall-clock fields, 1900 to 2100', () => {
    const year = (value: number): number => Date.UTC(value, 0, 1);
    const notable: Record<string, Array<[number, number]>> = {
      'Europe/Berlin': [[1940, 1950], [2025, 2027]],
      'America/New_York': [[1918, 1921], [2006, 2008]],
      'Australia/Lord_Howe': [[1981, 1987], [2025, 2027]],
      'Africa/Casablanca': [[2008, 2031]],
      'Asia/Kathmandu': [[1985, 1987]],
      'Pacific/Chatham': [[1945, 1947], [2025, 2027]],
      'America/St_Johns': [[1987, 1989], [2010, 2012]],
      'Antarctica/Troll': [[2005, 2008]],
      'Europe/Dublin': [[1968, 1972], [2025, 2027]],
      'Pacific/Apia': [[2010, 2013]],
    };
    const sampled = Intl.supportedValuesOf('timeZone').filter((_, index) => index % 10 === 5);
    let seed = 20_260_105;
    const random = (): number => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const span = year(2100) - year(1900);

    for (const name of new Set([...Object.keys(notable), ...sampled])) {
      const periods = [...(notable[name] ?? []).map(([from, to]) => [year(from), year(to)] as const)];
      for (let count = 0; count < 4; count += 1) {
        const from = year(1900) + Math.floor(random() * span);
        periods.push([from, from + 100 * 86_400_000]);
      }
      const instants = Array.from({ length: 40 }, () => year(1900) + Math.floor(random() * span));

      it(`in ${name}`, () => {
        const zone = new TimeZone(name);
        for (const [from, to] of periods) {
          for (const { instant, offset } of referenceSamples(name, from, to)) {
            if (zone.offsetMinutes(instant) !== offset) expect.fail(`${name} at ${new Date(instant).toISOString()}: ${zone.offsetMinutes(instant)} != ${offset}`);
          }
        }
        const offsetAt = referenceOffset(name);
        expect(instants.map((instant) => zone.offsetMinutes(instant))).to.deep.equal(instants.map(offsetAt));
      });
    }
  });

  it('tells known zones from unknown ones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).to.equal(true);
    expect(isValidTimeZone('Mars/Olympus')).to.equal(false);
    expect(() => new TimeZone('Mars/Olympus')).to.throw(RangeError);
  });

  it('refuses source timestamps that are not UTC instants', () => {
    expect(() => parseUtcInstant('2026-01-05 08:30:00')).to.throw(RangeError);
    expect(() => parseUtcInstant('2026-13-05T08:30:00.000Z')).to.throw(RangeError);
  });
});
