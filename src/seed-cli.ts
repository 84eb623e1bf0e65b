import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDemoDatabase } from './source/demo-data.js';
import { describeUrl, messageOf } from './source/postgres/connection.js';
import { copySqliteToPostgres } from './source/postgres/copy-from-sqlite.js';

const USAGE = `Usage: npm run seed -- --url postgres://USER:PASSWORD@HOST:5432/DB [--shops N] [--orders M] [--seed S]
Creates the schema (src/source/schema.pg.sql) in an empty PostgreSQL database and loads the deterministic demo data
the SQLite demo uses (by default 6 shops, 30,000 orders, seed 1): the same seed gives the same rows in both.`;

const DEMO = { shops: 6, orders: 30_000, seed: 1 };

function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}\n${USAGE}`);
  return Number(value);
}

/**
 * `npm run seed`: generates the demo data into a temporary SQLite file with the generator the SQLite demo uses,
 * then copies every row into PostgreSQL (`copySqliteToPostgres`). The URL's password is never printed.
 */
async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { url: { type: 'string' }, shops: { type: 'string' }, orders: { type: 'string' }, seed: { type: 'string' } } });
  if (values.url === undefined) throw new Error(USAGE);
  const options = {
    shops: integerOption('shops', values.shops, DEMO.shops),
    orders: integerOption('orders', values.orders, DEMO.orders),
    seed: integerOption('seed', values.seed, DEMO.seed),
  };
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-seed-'));
  const client = new pg.Client({ connectionString: values.url, application_name: 'shopzip-seed' });
  client.on('error', () => undefined);
  try {
    const started = performance.now();
    createDemoDatabase(join(directory, 'demo.db'), options);
    await client.connect().catch((error: unknown) => {
      throw new Error(`cannot connect to ${describeUrl(values.url!)}: ${messageOf(error)}`);
    });
    const copied = await copySqliteToPostgres(join(directory, 'demo.db'), client);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`Loaded ${copied['shops']} shops, ${copied['orders']} orders and ${copied['order_items']} order lines (seed ${options.seed}) into ${describeUrl(values.url)} in ${seconds} s.\n`);
  } finally {
    await client.end().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? messageOf(error) : String(error)}\n`);
  process.exitCode = 1;
});
