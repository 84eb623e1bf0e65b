import { expect } from 'chai';
import { formatMinor, minorDigits } from '../../../src/export/format/money.js';
import { neutralizeFormula } from '../../../src/export/format/neutralize.js';
import { TimeZone } from '../../../src/export/format/time-zone.js';
import { epochMsOf, formatLocalTime, microsOf, toLocalTime } from '../../../src/export/format/timestamp.js';
import { ITEMS_TABLE, ORDERS_TABLE, type ShopFormat } from '../../../src/export/tables.js';
import { SeededRandom } from '../../../src/source/demo/random.js';
import type { Instant, ItemRow, OrderRow } from '../../../src/source/rows.js';
import { csvRecord } from '../../../src/writers/csv.js';

/** Pieces of text fields: what CSV quotes, what a spreadsheet runs as a formula, non-ASCII. */
const PIECES = [',', '"', '\r', '\n', ' ', '\t', 'a', 'Z', '0', "'", '=', '+', '-', '@', 'é', '中', '😀', 'SUM(A1)', 'x'.repeat(50)];
const ZONES = ['UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia'];
const CURRENCIES = ['EUR', 'JPY', 'KWD', 'CLF', '=X,"Y"'];

const text = (random: SeededRandom): string => Array.from({ length: random.integer(0, 6) }, () => random.pick(PIECES)).join('');
const nullable = (random: SeededRandom): string | null => (random.chance(0.2) ? null : text(random));
const amount = (random: SeededRandom): number => random.pick([0, -1, 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, random.integer(-1e9, 1e9), random.integer(-99, 99)]);

/** An instant in one of the forms a source gives: epoch microseconds, PostgreSQL's text, SQLite's text. */
function instant(random: SeededRandom, epochMs: number): Instant {
  const micros = random.integer(0, 999);
  const iso = new Date(epochMs).toISOString();
  const form = random.integer(0, 2);
  if (form === 0) return epochMs * 1000 + micros;
  if (form === 1) return iso;
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(micros).padStart(3, '0')}+00`;
}

/** The CSV fields of a row as the tables used to make them (toCsv before 057b958), for `csvRecord` to join. */
function oldOrderFields(row: OrderRow, shop: ShopFormat): (string | null)[] {
  const csvText = (value: string | null): string | null => (value === null ? null : neutralizeFormula(value));
  const created = formatLocalTime(toLocalTime(epochMsOf(row[2]), shop.zone), microsOf(row[2]));
  return [
    String(row[0]), csvText(row[1]), created, csvText(row[3]), csvText(row[4]), csvText(row[5]), csvText(row[6]),
    csvText(shop.currency), formatMinor(row[7], shop.digits), formatMinor(row[8], shop.digits),
    formatMinor(row[9], shop.digits), formatMinor(row[10], shop.digits), csvText(row[11]),
  ];
}

function oldItemFields(row: ItemRow, shop: ShopFormat): (string | null)[] {
  const csvText = (value: string | null): string | null => (value === null ? null : neutralizeFormula(value));
  const total = BigInt(row[5]) * BigInt(row[6]);
  return [
    String(row[0]), csvText(row[1]), String(row[2]), csvText(row[3]), csvText(row[4]), String(row[5]),
    formatMinor(row[6], shop.digits), formatMinor(total, shop.digits), shop.currency,
  ];
}

function shopOf(random: SeededRandom): ShopFormat {
  const currency = random.pick(CURRENCIES);
  return { currency, digits: minorDigits(currency), zone: TimeZone.of(random.pick(ZONES)) };
}

describe('tables: CSV lines', () => {
  it('writes each order as csvRecord writes the fields made the old way, in export order and in random order', () => {
    const random = new SeededRandom(13);
    for (let shopIndex = 0; shopIndex < 30; shopIndex += 1) {
      const shop = shopOf(random);
      const lines = ORDERS_TABLE.csvLines(shop);
      let epochMs = Date.UTC(2025, random.integer(0, 11), random.integer(1, 28));
      const increasing = shopIndex % 2 === 0;
      for (let index = 0; index < 300; index += 1) {
        epochMs = increasing ? epochMs + random.integer(0, 40_000_000) : random.integer(Date.UTC(1700, 0, 1), Date.UTC(2250, 0, 1));
        const row: OrderRow = [random.integer(1, 1e9), text(random), instant(random, epochMs), text(random), text(random), text(random),
          nullable(random), amount(random), amount(random), amount(random), amount(random), nullable(random)];
        expect(lines(row), JSON.stringify(row)).to.equal(csvRecord(oldOrderFields(row, shop)));
      }
    }
  });

  it('writes each order line as csvRecord writes the fields made the old way, line totals past 2^53 too', () => {
    const random = new SeededRandom(14);
    for (let shopIndex = 0; shopIndex < 20; shopIndex += 1) {
      const shop = shopOf(random);
      const lines = ITEMS_TABLE.csvLines(shop);
      for (let index = 0; index < 300; index += 1) {
        const quantity = random.pick([0, 1, -1, random.integer(1, 1000), 1_000_000]);
        const row: ItemRow = [random.integer(1, 1e9), text(random), random.integer(1, 500), text(random), text(random), quantity, amount(random)];
        expect(lines(row), JSON.stringify(row)).to.equal(csvRecord(oldItemFields(row, shop)));
      }
    }
  });

  it('neutralizes a formula-like text field before quoting it, and leaves an empty or null field empty', () => {
    const shop: ShopFormat = { currency: 'EUR', digits: 2, zone: TimeZone.of('UTC') };
    const row: OrderRow = [7, '=1+1', 0, '-, "x"', '', '@a', null, 1230, 0, -5, 1225, '\tnote\n'];
    expect(ORDERS_TABLE.csvLines(shop)(row)).to.equal(`7,'=1+1,1970-01-01T00:00:00+00:00,"'-, ""x""",,'@a,,EUR,12.30,0.00,-0.05,12.25,"'\tnote\n"\r\n`);
  });
});
