import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { startApp } from '../../helpers/app.js';
import { fetchAll } from '../../helpers/http.js';
import { readWorkbookWithOpenpyxl } from '../../helpers/openpyxl.js';
import { adminQuery, READER, testPostgres } from '../../helpers/postgres.js';
import { repoRoot, seedDatabase } from '../../helpers/seed-database.js';
import { readZipByName } from '../../helpers/zip.js';
import type { PostgresCluster } from '../../../bench/postgres-cluster.js';

const run = promisify(execFile);
const DEMO = { shops: 3, orders: 3000, seed: 5 };
const QUERY = '/v1/exports/orders.zip?shops=acme,globex,initech&from=2025-03-01&to=2026-02-28';

describe('PostgreSQL source: the demo data of npm run seed, and timestamps to the microsecond', () => {
  let cluster: PostgresCluster;
  let url: string;
  let adminUrl: string;

  before(async function () {
    const found = await testPostgres();
    if (found === null) return this.skip();
    cluster = found;
    await adminQuery(cluster.url(), 'CREATE DATABASE shopzip_seeded');
    adminUrl = cluster.url('shopzip_seeded');
    url = `postgres://${READER.user}:${READER.password}@127.0.0.1:${cluster.port}/shopzip_seeded`;
  });
  after(async () => {
    if (cluster !== undefined) await adminQuery(cluster.url(), 'DROP DATABASE IF EXISTS shopzip_seeded WITH (FORCE)');
  });

  it('loads the demo data with npm run seed, and a download gives the same ZIP bytes as from the SQLite demo of the same seed', async () => {
    const { stdout } = await run(process.execPath, [join(repoRoot(), 'dist/src/seed-cli.js'), '--url', adminUrl, '--shops', String(DEMO.shops), '--orders', String(DEMO.orders), '--seed', String(DEMO.seed)]);
    expect(stdout).to.match(/^Loaded 3 shops, 3000 orders and \d+ order lines \(seed 5\) into postgres:\/\/postgres@127\.0\.0\.1:\d+\/shopzip_seeded/);
    await adminQuery(adminUrl, `GRANT SELECT ON shops, orders, order_items TO ${READER.user}`);
    const sqlite = await seedDatabase({ demo: DEMO });
    const fromSqlite = await startApp({ sourcePath: sqlite.path });
    const fromPostgres = await startApp({ sourceUrl: url });
    try {
      const expected = await fetchAll(fromSqlite.url(QUERY));
      const actual = await fetchAll(fromPostgres.url(QUERY));
      expect(actual.status).to.equal(200);
      expect(actual.body.length).to.be.above(100_000);
      expect(actual.body.equals(expected.body), 'the same bytes').to.equal(true);
    } finally {
      await fromSqlite.close();
      await fromPostgres.close();
      await sqlite.remove();
    }
  });

  it('shows the microseconds of a timestamptz in CSV, and keeps them as exactly as a serial date-time can in XLSX', async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`INSERT INTO orders (id, shop_id, order_number, status, customer_name, customer_email, ship_country, subtotal_minor,
          shipping_minor, tax_minor, total_minor, note, created_at, updated_at)
        SELECT 900001 + n, (SELECT id FROM shops WHERE slug = 'acme'), 'MICRO-' || n, 'paid', 'Mia Micro', 'mia@example.com', NULL, 100, 0, 0, 100,
          NULL, t, t
        FROM unnest(ARRAY['2026-03-05 10:00:00.123456+00', '2026-03-05 10:00:01.5+00', '2026-03-05 10:00:02.000001+00']::timestamptz[])
          WITH ORDINALITY AS u(t, n)`);
    } finally {
      await client.end();
    }
    const app = await startApp({ sourceUrl: url });
    try {
      const { body } = await fetchAll(app.url('/v1/exports/orders.zip?shops=acme&from=2026-03-05&to=2026-03-05'));
      const entries = await readZipByName(body);
      const records = parse(entries.get('acme/orders.csv')!.data, { bom: true, record_delimiter: '\r\n' }) as string[][];
      const micro = records.filter((record) => record[1]!.startsWith('MICRO-')).map((record) => record[2]);
      // acme's zone is Europe/Berlin: UTC+01:00 in March.
      expect(micro).to.deep.equal(['2026-03-05T11:00:00.123456+01:00', '2026-03-05T11:00:01.500+01:00', '2026-03-05T11:00:02.000001+01:00']);
      const workbook = await readWorkbookWithOpenpyxl(entries.get('acme/orders.xlsx')!.data);
      const cells = workbook.sheets[0]!.rows.filter((row) => String(row[1]?.value).startsWith('MICRO-')).map((row) => row[2]?.value);
      expect(cells).to.deep.equal(['2026-03-05T11:00:00.123', '2026-03-05T11:00:01.500', '2026-03-05T11:00:02.000']);
      // The serial date-time keeps the microseconds to its resolution, 1e-10 of a day (8.64 us).
      const sheet = (await readZipByName(entries.get('acme/orders.xlsx')!.data)).get('xl/worksheets/sheet1.xml')!.data.toString('utf8');
      for (const [second, micros] of [[0, 123_456], [1, 500_000], [2, 1]] as const) {
        const wallMs = Date.UTC(2026, 2, 5, 11, 0, second) + micros / 1000;
        const serial = (wallMs / 86_400_000 + 25_569).toFixed(10).replace(/0+$/, '');
        expect(sheet, `${second}.${micros}`).to.include(`<v>${serial}</v>`);
      }
    } finally {
      await app.close();
    }
  });
});
