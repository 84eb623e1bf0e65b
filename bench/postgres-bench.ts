import type { BenchDatabase } from './databases.js';
import type { Measurement } from './measure.js';
import { postgresBinDirectory, startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { loadBenchDatabase } from './postgres-database.js';
import { progress } from './progress.js';

/** The bench's PostgreSQL: a throwaway cluster holding the rows of the 1M-order SQLite database. */
export interface BenchPostgres {
  readonly cluster: PostgresCluster;
  /** The superuser's URL of the loaded database (trusted on loopback: no password). */
  readonly url: string;
}

/**
 * Starts a throwaway cluster (PostgreSQL's defaults but durability off, as in the tests) and loads the rows of
 * `database` into it with the service's own copier; null without server binaries (the PostgreSQL rows are then
 * reported as failed, with the reason).
 */
export async function startBenchPostgres(database: BenchDatabase): Promise<BenchPostgres> {
  if (postgresBinDirectory() === null) throw new Error('no PostgreSQL server binaries (install the Debian package postgresql)');
  progress('starting a throwaway PostgreSQL cluster ...');
  const cluster = await startPostgresCluster();
  try {
    return { cluster, url: await loadBenchDatabase(cluster, database.path) };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Runs a measurement and adds the PostgreSQL server's CPU seconds meanwhile (all its processes) to its notes. */
export async function withServerCpu(postgres: BenchPostgres, work: () => Promise<Measurement>): Promise<Measurement> {
  const before = postgres.cluster.serverCpuSeconds();
  const measurement = await work();
  const databaseCpuSeconds = postgres.cluster.serverCpuSeconds() - before;
  const note = `PostgreSQL server CPU ${databaseCpuSeconds.toFixed(1)} s (CPU/wall ${(databaseCpuSeconds / measurement.wallSeconds).toFixed(2)})`;
  return { ...measurement, databaseCpuSeconds, notes: measurement.notes === undefined ? note : `${measurement.notes}; ${note}` };
}
