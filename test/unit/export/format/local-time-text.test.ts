import { expect } from 'chai';
import { LocalTimeText } from '../../../../src/export/format/local-time-text.js';
import { TimeZone } from '../../../../src/export/format/time-zone.js';
import { epochMsOf, formatLocalTime, microsOf, toLocalTime } from '../../../../src/export/format/timestamp.js';
import { SeededRandom } from '../../../../src/source/demo/random.js';
import type { Instant } from '../../../../src/source/rows.js';
import { referenceSamples } from '../../../helpers/time-zones.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia'];
const DAY_MS = 86_400_000;
/** The instants a binary COPY gives as numbers: safe epoch microseconds (1685 to 2255). */
/** UTC instants whose text has a four-digit year, as both sources write them: 0000-01-01 to 9999-12-31. */
const [FIRST_YEAR_MS, END_YEAR_MS] = [Date.parse('0000-01-01T00:00:00.000Z'), Date.parse('+010000-01-01T00:00:00.000Z')];
const [FIRST_SAFE_MS, LAST_SAFE_MS] = [Math.ceil(Number.MIN_SAFE_INTEGER / 1000), Math.floor(Number.MAX_SAFE_INTEGER / 1000)];

/** How the CSV used to write an instant: `Date`, its ISO text and slices, for every row. */
const reference = (instant: Instant, zone: TimeZone): string => formatLocalTime(toLocalTime(epochMsOf(instant), zone), microsOf(instant));

/** PostgreSQL's text of an instant in UTC: `2026-01-05 08:30:00.123456+00`, the fraction without trailing zeros. */
function postgresText(epochMs: number, micros: number): string {
  const iso = new Date(epochMs).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}+00`;
}

/** One instant in every form a source gives it: epoch microseconds (when safe), PostgreSQL's text, SQLite's text. */
function forms(epochMs: number, micros: number): Instant[] {
  const found: Instant[] = [postgresText(epochMs, micros)];
  if (epochMs >= FIRST_SAFE_MS && epochMs <= LAST_SAFE_MS) found.push(epochMs * 1000 + micros);
  if (micros === 0) found.push(new Date(epochMs).toISOString());
  return found;
}

/**
 * Instants of a zone: both sides of every offset change from 2005 to 2030 (to the minute, the millisecond and the
 * microsecond), a run every 7 hours 13 minutes over three years, random ones over the safe range, and the edges of
 * the years 0000 and 9999 (where the local day may fall outside them).
 */
function instantsOf(zone: string, random: SeededRandom): Instant[] {
  const found: Instant[] = [];
  const samples = referenceSamples(zone, Date.UTC(2005, 0, 1), Date.UTC(2030, 0, 1));
  const changes = samples.filter((sample, index) => index > 0 && sample.offset !== samples[index - 1]!.offset);
  for (const { instant } of changes) {
    for (const delta of [-3_600_000, -60_000, -1, 0, 1, 60_000, 3_600_000]) found.push(...forms(instant + delta, delta === -1 ? 999 : random.integer(0, 2) * 7));
  }
  for (let epochMs = Date.UTC(2025, 0, 1); epochMs < Date.UTC(2028, 0, 1); epochMs += 26_000_000 + random.integer(0, 999)) {
    found.push(...forms(epochMs, random.chance(0.5) ? 0 : random.integer(0, 999)));
  }
  for (let index = 0; index < 300; index += 1) found.push(...forms(random.integer(FIRST_SAFE_MS, LAST_SAFE_MS), random.integer(0, 999)));
  for (const edge of [FIRST_YEAR_MS, END_YEAR_MS]) {
    for (const delta of [-DAY_MS - 1, -50_400_000, -1, 0, 1, 50_400_000, DAY_MS]) {
      if (edge + delta >= FIRST_YEAR_MS && edge + delta < END_YEAR_MS) found.push(...forms(edge + delta, random.integer(0, 999)));
    }
  }
  return found;
}

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.integer(0, index);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const instantMicros = (instant: Instant): number => epochMsOf(instant) * 1000 + microsOf(instant);

describe('LocalTimeText: instants as CSV text in a zone', () => {
  for (const name of ZONES) {
    it(`writes what formatLocalTime writes, in ${name}, for instants in increasing order and in random order`, () => {
      const zone = TimeZone.of(name);
      const random = new SeededRandom(name.length * 7919);
      const instants = instantsOf(name, random);
      const increasing = [...instants].sort((a, b) => instantMicros(a) - instantMicros(b));
      for (const [order, list] of [['increasing', increasing], ['random', shuffled(instants, random)]] as const) {
        const text = new LocalTimeText(zone);
        for (const instant of list) expect(text.format(instant), `${order} order: ${JSON.stringify(instant)}`).to.equal(reference(instant, zone));
      }
    });
  }

  it('writes the same text for an instant given as microseconds, as PostgreSQL text and as SQLite text', () => {
    const text = new LocalTimeText(TimeZone.of('America/St_Johns'));
    expect(text.format(Date.UTC(2026, 0, 5, 8, 30, 0, 123) * 1000)).to.equal('2026-01-05T05:00:00.123-03:30');
    expect(text.format('2026-01-05 08:30:00.123+00')).to.equal('2026-01-05T05:00:00.123-03:30');
    expect(text.format('2026-01-05T08:30:00.123Z')).to.equal('2026-01-05T05:00:00.123-03:30');
    expect(text.format(Date.UTC(2026, 0, 5, 8, 30, 0, 123) * 1000 + 4)).to.equal('2026-01-05T05:00:00.123004-03:30');
    expect(text.format('2026-01-05 08:30:00.123004+00')).to.equal('2026-01-05T05:00:00.123004-03:30');
    expect(text.format(-1)).to.equal('1969-12-31T20:29:59.999999-03:30');
  });

  it('does not carry a day over to the next instant of the same wall-clock time on another day', () => {
    const zone = TimeZone.of('Pacific/Apia');
    const text = new LocalTimeText(zone);
    // 2011-12-29 in Apia is followed by 2011-12-31: the 30th was skipped when the zone crossed the date line.
    for (const instant of ['2011-12-30T09:59:00.000Z', '2011-12-30T10:00:00.000Z', '2011-12-29T10:00:00.000Z', '2011-12-31T10:00:00.000Z', '2011-12-30T09:59:00.000Z']) {
      expect(text.format(instant), instant).to.equal(reference(instant, zone));
    }
    expect(text.format('2011-12-30T10:00:00.000Z')).to.equal('2011-12-31T00:00:00+14:00');
    expect(text.format('2011-12-30T09:59:00.000Z')).to.equal('2011-12-29T23:59:00-10:00');
  });

  it('writes local times before the year 0000 and after 9999 as formatLocalTime does, and refuses text it cannot read', () => {
    for (const [name, instant] of [['America/St_Johns', '0000-01-01T00:00:00.000Z'], ['Asia/Kathmandu', '9999-12-31T23:00:00.000Z'], ['Australia/Lord_Howe', '9999-12-31 20:00:00.5+00']] as const) {
      const zone = TimeZone.of(name);
      const text = new LocalTimeText(zone);
      expect(text.format('2026-01-05T08:30:00.000Z')).to.equal(reference('2026-01-05T08:30:00.000Z', zone));
      expect(text.format(instant), `${name}: ${instant}`).to.equal(reference(instant, zone)).and.match(/^[+-]0\d{5}-/);
      expect(text.format('2026-01-05T08:30:00.000Z')).to.equal(reference('2026-01-05T08:30:00.000Z', zone));
    }
    const text = new LocalTimeText(TimeZone.of('UTC'));
    for (const unreadable of ['10000-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC', 'infinity']) {
      expect(() => text.format(unreadable), unreadable).to.throw(RangeError, 'not a UTC instant');
    }
  });
});
