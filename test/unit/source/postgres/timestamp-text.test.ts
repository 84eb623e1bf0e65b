import { expect } from 'chai';
import type pg from 'pg';
import { SeededRandom } from '../../../../src/source/demo/random.js';
import { timestampText } from '../../../../src/source/postgres/timestamp-text.js';
import { testPostgres, textRows, utcSession } from '../../../helpers/postgres.js';

const DAY_MICROS = 86_400_000_000n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** PostgreSQL's valid `timestamptz` range in its microseconds: 4714-11-24 00:00 BC to before 294277-01-01. */
const POSTGRES_FIRST = -211_813_488_000_000_000n;
const POSTGRES_END = 9_223_371_331_200_000_000n;
/** Microseconds from 1970-01-01 to 2000-01-01. */
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000n;

/** A random int64: uniform over the whole range, or with a random number of bits (small values near 2000-01-01 too). */
function randomInt64(random: SeededRandom): bigint {
  const bits = random.chance(0.5) ? 64 : random.integer(1, 63);
  let value = 0n;
  for (let bit = 0; bit < bits; bit += 16) value = (value << 16n) | BigInt(random.integer(0, 0xffff));
  value &= (1n << BigInt(bits)) - 1n;
  return BigInt.asIntN(64, bits === 64 ? value : random.chance(0.5) ? -value : value);
}

/** Instants PostgreSQL can write, at the edges of its range, of eras, years, days and the fraction. */
function edgeValues(): bigint[] {
  const values = [0n, 1n, -1n, 999_999n, 1_000_000n, -999_999n, -1_000_000n, 100_000n, 10n, POSTGRES_FIRST, POSTGRES_END - 1n];
  for (const day of [-730_120n, -730_119n, -730_485n, -146_097n, -36_524n, 59n, 60n, 36_524n, 36_525n, -POSTGRES_EPOCH_MICROS / DAY_MICROS]) {
    for (const micros of [0n, 1n, -1n, DAY_MICROS - 1n, 43_200_000_000n]) values.push(day * DAY_MICROS + micros);
  }
  // Where a binary COPY's microseconds stop being safe numbers (the export then reads text).
  for (const epochMicros of [2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, -(2n ** 53n)]) values.push(epochMicros - POSTGRES_EPOCH_MICROS);
  return values;
}

/**
 * PostgreSQL's text of each instant (microseconds since 2000-01-01), in a UTC session with ISO dates: whole days and
 * the microseconds left added to 2000-01-01 as intervals, each product exact in a double.
 */
async function postgresTexts(client: pg.Client, values: readonly bigint[]): Promise<Map<bigint, string>> {
  const rows = await textRows(client, `SELECT n, (timestamptz '2000-01-01 00:00:00+00' + (n / 86400000000) * interval '1 day'
    + (n % 86400000000) * interval '1 microsecond')::text FROM unnest($1::int8[]) AS n`, [values.map(String)]);
  return new Map(rows.map(([n, text]) => [BigInt(n!), text!]));
}

/** The text the way JavaScript's Date writes the instant (for those PostgreSQL cannot hold), year 0 as 1 BC. */
function dateText(postgresMicros: bigint): string {
  const epochMicros = postgresMicros + POSTGRES_EPOCH_MICROS;
  const micros = ((epochMicros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number((epochMicros - micros) / 1000n)).toISOString();
  const [, yearText, monthDay, clock] = /^([+-]?\d+)(-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.000Z$/.exec(iso)!;
  const year = Number(yearText);
  const fraction = micros === 0n ? '' : `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
  return `${String(year > 0 ? year : 1 - year).padStart(4, '0')}${monthDay} ${clock}${fraction}+00${year > 0 ? '' : ' BC'}`;
}

describe('timestampText: a timestamptz as PostgreSQL writes it in UTC', () => {
  let client: pg.Client | undefined;

  before(async function () {
    const cluster = await testPostgres();
    if (cluster === null) return this.skip();
    client = await utcSession(cluster);
  });
  after(async () => {
    await client?.end();
  });

  it("writes PostgreSQL's own text for edge instants: eras, leap days, centuries, the fraction and its zeros", async () => {
    const values = edgeValues();
    const expected = await postgresTexts(client!, values);
    for (const value of values) expect(timestampText(value), String(value)).to.equal(expected.get(value));
  });

  it("writes PostgreSQL's own text for thousands of random instants across its whole range", async () => {
    const random = new SeededRandom(2026);
    const values: bigint[] = [];
    while (values.length < 5000) {
      const value = randomInt64(random);
      if (value >= POSTGRES_FIRST && value < POSTGRES_END) values.push(random.chance(0.2) ? value - (value % 1_000_000n) : value);
    }
    const expected = await postgresTexts(client!, values);
    for (const value of values) expect(timestampText(value), String(value)).to.equal(expected.get(value));
  });

  it("writes PostgreSQL's infinity and -infinity for the int64 extremes", async () => {
    const [[infinity, minusInfinity]] = await textRows(client!, "SELECT 'infinity'::timestamptz, '-infinity'::timestamptz") as [[string, string]];
    expect(timestampText(INT64_MAX)).to.equal(infinity);
    expect(timestampText(INT64_MIN)).to.equal(minusInfinity);
  });

  it('writes the proleptic Gregorian date of instants outside PostgreSQL\'s range, as JavaScript dates do', () => {
    const random = new SeededRandom(64);
    const dateLimit = 8_640_000_000_000_000_000n; // JavaScript's dates, in microseconds either side of 1970
    let checked = 0;
    while (checked < 2000) {
      const value = randomInt64(random);
      const epochMicros = value + POSTGRES_EPOCH_MICROS;
      if ((value >= POSTGRES_FIRST && value < POSTGRES_END) || epochMicros < -dateLimit || epochMicros >= dateLimit) continue;
      expect(timestampText(value), String(value)).to.equal(dateText(value));
      checked += 1;
    }
  });
});
