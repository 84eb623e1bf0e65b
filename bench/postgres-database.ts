import pg from 'pg';
import { copySqliteToPostgres } from '../src/source/postgres/copy-from-sqlite.js';
import type { PostgresCluster } from './postgres-cluster.js';
import { progress } from './progress.js';

/**
 * Creates database `orders` in the cluster and loads every row of the SQLite orders database at `sqlitePath` into
 * it (the service's own copier, as `npm run seed` does); returns its superuser URL.
 */
export async function loadBenchDatabase(cluster: PostgresCluster, sqlitePath: string, name = 'orders'): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = cluster.url(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const copied = await copySqliteToPostgres(sqlitePath, client);
    await client.query('VACUUM (FREEZE, ANALYZE)');
    progress(`loaded ${sqlitePath} into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(copied)})`);
  } finally {
    await client.end();
  }
  return url;
}
