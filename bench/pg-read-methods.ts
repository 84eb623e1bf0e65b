import pg from 'pg';
import Cursor from 'pg-cursor';
import { to as copyTo } from 'pg-copy-streams';
import postgres from 'postgres';
import { CopyBinaryParser } from '../src/source/postgres/copy-binary-parser.js';
import { CopyTextParser, integerOf, type CopyColumn } from '../src/source/postgres/copy-text-parser.js';
import { ITEM_COLUMNS, ITEM_KINDS as ITEM_BINARY_KINDS, ORDER_COLUMNS, ORDER_KINDS as ORDER_BINARY_KINDS } from '../src/source/postgres/postgres-snapshot.js';
import { ITEM_COLUMNS_SQL, ORDER_COLUMNS_SQL } from '../src/source/rows.js';
import { loadBenchDatabase } from './postgres-database.js';
import { startPostgresCluster } from './postgres-cluster.js';

// `node dist/bench/pg-read-methods.js <sqlite.db> [rounds]`: reads every order and order line of every shop (the
// export's two queries per shop, one after the other, as arrays) from a throwaway PostgreSQL cluster loaded with the
// given SQLite database, with each read method in turn; prints the client's CPU and wall seconds and the server's CPU
// seconds of each run. See bench/README.md, "PostgreSQL: how an export reads".

const ORDER_KINDS: CopyColumn[] = ['integer', 'text', 'text', 'text', 'text', 'text', 'text', 'integer', 'integer', 'integer', 'integer', 'text'];
const ITEM_KINDS: CopyColumn[] = ['integer', 'text', 'integer', 'text', 'text', 'integer', 'integer'];
const ORDERS_SQL = `SELECT ${ORDER_COLUMNS_SQL} FROM orders o WHERE o.shop_id = $1 ORDER BY o.created_at, o.id`;
const ITEMS_SQL = `SELECT ${ITEM_COLUMNS_SQL} FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.shop_id = $1 ORDER BY o.created_at, o.id, i.line_no`;
/** The export's own queries: every integer column cast to int8, for the binary format. */
const ORDERS_BINARY_SQL = `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.shop_id = $1 ORDER BY o.created_at, o.id`;
const ITEMS_BINARY_SQL = `SELECT ${ITEM_COLUMNS} FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.shop_id = $1 ORDER BY o.created_at, o.id, i.line_no`;
const BATCH = 1000;

type Method = (url: string, shopIds: readonly number[]) => Promise<number>;

const identity = (text: string): string => text;
const TYPES = { getTypeParser: (oid: number) => (oid === 20 || oid === 21 || oid === 23 ? integerOf : identity) } as unknown as pg.CustomTypesConfig;

/** Runs `read` in one read-only snapshot on a new node-postgres connection, as the export does; returns its row count. */
async function inSnapshot(url: string, read: (client: pg.Client) => Promise<number>, types?: pg.CustomTypesConfig): Promise<number> {
  const client = new pg.Client({ connectionString: url, ...(types === undefined ? {} : { types }) });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const rows = await read(client);
    await client.query('COMMIT');
    return rows;
  } finally {
    await client.end();
  }
}

const cursorMethod: Method = (url, shopIds) => inSnapshot(url, async (client) => {
  let rows = 0;
  for (const shop of shopIds) {
    for (const sql of [ORDERS_SQL, ITEMS_SQL]) {
      const cursor = client.query(new Cursor(sql, [shop], { rowMode: 'array', types: TYPES }));
      for (let batch = await cursor.read(BATCH); batch.length > 0; batch = await cursor.read(BATCH)) rows += batch.length;
      await cursor.close();
    }
  }
  return rows;
}, TYPES);

const copyMethod: Method = (url, shopIds) => inSnapshot(url, async (client) => {
  let rows = 0;
  for (const shop of shopIds) {
    for (const [sql, kinds] of [[ORDERS_SQL, ORDER_KINDS], [ITEMS_SQL, ITEM_KINDS]] as const) {
      const parser = new CopyTextParser<unknown[]>(kinds);
      const stream = client.query(copyTo(`COPY (${sql.replace('$1', String(shop))}) TO STDOUT`));
      const batch: unknown[][] = [];
      for await (const chunk of stream) {
        parser.parse(chunk as Buffer, batch);
        rows += batch.length;
        batch.length = 0;
      }
      parser.end();
    }
  }
  return rows;
});

/** What the export does: binary COPY of its own queries, parsed by CopyBinaryParser (rows taken as they are ready). */
const binaryCopyMethod: Method = (url, shopIds) => inSnapshot(url, async (client) => {
  let rows = 0;
  for (const shop of shopIds) {
    for (const [sql, kinds] of [[ORDERS_BINARY_SQL, ORDER_BINARY_KINDS], [ITEMS_BINARY_SQL, ITEM_BINARY_KINDS]] as const) {
      const parser = new CopyBinaryParser<unknown[]>(kinds);
      const stream = client.query(copyTo(`COPY (${sql.replace('$1', String(shop))}) TO STDOUT WITH (FORMAT binary)`));
      for await (const chunk of stream) {
        parser.push(chunk as Buffer);
        while (parser.next() !== undefined) rows += 1;
      }
      parser.end();
    }
  }
  return rows;
});

const porsagerMethod: Method = async (url, shopIds) => {
  const sql = postgres(url, { max: 1, types: { bigint: postgres.BigInt } as never, transform: { undefined: null } });
  let rows = 0;
  try {
    await sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (transaction) => {
      for (const shop of shopIds) {
        for (const text of [ORDERS_SQL, ITEMS_SQL]) {
          for await (const batch of transaction.unsafe(text, [shop]).values().cursor(BATCH)) rows += batch.length;
        }
      }
    });
  } finally {
    await sql.end();
  }
  return rows;
};

const METHODS: Record<string, Method> = { 'pg-cursor': cursorMethod, copy: copyMethod, 'copy-binary': binaryCopyMethod, postgres: porsagerMethod };

async function main(): Promise<void> {
  const [sqlitePath, roundsText] = process.argv.slice(2);
  if (sqlitePath === undefined) throw new Error('usage: pg-read-methods.js <sqlite.db> [rounds]');
  const cluster = await startPostgresCluster({ shared_buffers: '512MB' });
  try {
    const url = await loadBenchDatabase(cluster, sqlitePath);
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const shopIds = (await probe.query<{ id: string }>('SELECT id FROM shops ORDER BY slug')).rows.map((row) => Number(row.id));
    await probe.end();
    for (let round = 0; round < Number(roundsText ?? 2); round += 1) {
      for (const [name, method] of Object.entries(METHODS)) {
        const cpu = process.cpuUsage();
        const server = cluster.serverCpuSeconds();
        const started = performance.now();
        const rows = await method(url, shopIds);
        const wall = (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        const client = (used.user + used.system) / 1e6;
        process.stdout.write(`${name.padEnd(12)} rows ${rows}  wall ${wall.toFixed(1)} s  client CPU ${client.toFixed(1)} s  server CPU ${(cluster.serverCpuSeconds() - server).toFixed(1)} s\n`);
      }
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
