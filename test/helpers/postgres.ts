import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { postgresBinDirectory, startPostgresCluster, type PostgresCluster } from '../../bench/postgres-cluster.js';
import { copySqliteToPostgres } from '../../src/source/postgres/copy-from-sqlite.js';

/** The read-only role the tests' shopzip connects as: `GRANT SELECT` on the three tables, and a password. */
export const READER = { user: 'shopzip_reader', password: 'reader-secret-7f3a9c' };

let cluster: Promise<PostgresCluster | null> | undefined;
let skipNoted = false;
let databases = 0;

/**
 * The test run's PostgreSQL cluster, started on first use and stopped by the root hook (`root-hooks.ts`), or null
 * when the server binaries are not installed (the PostgreSQL tests then skip, and one line says why).
 */
export function testPostgres(): Promise<PostgresCluster | null> {
  cluster ??= postgresBinDirectory() === null ? Promise.resolve(null) : startPostgresCluster().then(async (started) => {
    await adminQuery(started.url(), `CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}'`);
    return started;
  });
  return cluster.then((found) => {
    if (found === null && !skipNoted) {
      skipNoted = true;
      process.stdout.write('      PostgreSQL tests skipped: no server binaries (install the Debian package postgresql)\n');
    }
    return found;
  });
}

/** Stops the test cluster if one was started (the root after-all hook). */
export async function stopTestPostgres(): Promise<void> {
  const started = await cluster?.catch(() => null);
  await started?.stop();
}

/** A database of the test cluster with the rows of a SQLite orders database, and URLs to read it. */
export interface PostgresDatabase {
  readonly name: string;
  /** As the read-only role, with its password (how shopzip connects in the tests). */
  readonly url: string;
  /** As the superuser (for tests that write, or look at `pg_stat_activity`). */
  readonly adminUrl: string;
  drop(): Promise<void>;
}

/** Creates a fresh database, copies every row of the SQLite file into it, and grants the reader `SELECT`. */
export async function copyIntoPostgres(started: PostgresCluster, sqlitePath: string): Promise<PostgresDatabase> {
  const name = `shopzip_test_${process.pid}_${(databases += 1)}`;
  await adminQuery(started.url(), `CREATE DATABASE ${name}`);
  const adminUrl = started.url(name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await copySqliteToPostgres(sqlitePath, client);
    await client.query(`GRANT SELECT ON shops, orders, order_items TO ${READER.user}`);
  } finally {
    await client.end();
  }
  return {
    name,
    adminUrl,
    url: `postgres://${READER.user}:${READER.password}@127.0.0.1:${started.port}/${name}`,
    drop: async () => { await adminQuery(started.url(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

/** Runs one statement on a fresh connection and returns its rows. */
export async function adminQuery<Row extends Record<string, unknown> = Record<string, unknown>>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The connections shopzip holds on the cluster now (`application_name = 'shopzip'`), from `pg_stat_activity`. */
export function shopzipBackends(adminUrl: string): Promise<{ pid: number; state: string | null; wait_event: string | null; query: string }[]> {
  return adminQuery(adminUrl, "SELECT pid, state, wait_event, query FROM pg_stat_activity WHERE application_name = 'shopzip' AND pid <> pg_backend_pid()");
}

/**
 * A superuser connection to the cluster's `postgres` database in a session that writes timestamps as the export
 * reads them (`TimeZone=UTC`, `DateStyle=ISO`), for tests that compare with PostgreSQL's own output. The caller ends it.
 */
export async function utcSession(started: PostgresCluster): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: started.url(), options: '-c TimeZone=UTC -c DateStyle=ISO' });
  await client.connect();
  return client;
}

/** The rows of a query with every value as the text PostgreSQL writes for it (null for NULL), columns in order. */
export async function textRows(client: pg.Client, sql: string, values: unknown[] = []): Promise<(string | null)[][]> {
  const types = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;
  return (await client.query<(string | null)[]>({ text: sql, values, rowMode: 'array', types })).rows;
}

/** The chunks of `COPY (sql) TO STDOUT` in the given format, as node-postgres hands them out. */
export async function copyChunks(client: pg.Client, sql: string, format: 'binary' | 'text'): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT ${format})`))) chunks.push(chunk as Buffer);
  return chunks;
}
