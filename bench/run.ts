import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFingerprint } from './build-fingerprint.js';
import { buildReference, compareRuns, comparisonReport } from './compare.js';
import { download } from './client.js';
import { ensureDatabase, type BenchDatabase } from './databases.js';
import { jobScenarios } from './job-scenarios.js';
import type { Measurement } from './measure.js';
import { startOtlpSink, type OtlpSink } from './otlp-sink.js';
import { warmPageCache } from './page-cache.js';
import { profileShopzip } from './profile.js';
import { startBenchPostgres, withServerCpu, type BenchPostgres } from './postgres-bench.js';
import { stopAllClustersNow } from './postgres-cluster.js';
import { progress } from './progress.js';
import { markdownReport } from './report.js';
import { baselineExport, concurrentShops, floorExport, fullExport, postgresFloorExport, slowClientBeside, warmUpPath, xlsxOnly, type Client } from './scenarios.js';
import { freePort, killAllServers, startScriptCommand, startServer, type ServerProcess, type ServerSpec } from './service.js';
import { pickConcurrentShops, smallestShop } from './shops.js';
import { evaluateTargets } from './targets.js';
import { createToken } from './token.js';

// `npm run bench [-- --only 2,floor] [-- --profile] [-- --compare main --rounds 2]`: see bench/README.md.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATE_DB = 'bench/data/state.db';
const ARTIFACT_DIR = 'bench/data/artifacts';
const RESULTS = 'bench/results';

interface Bench {
  readonly small: BenchDatabase;
  readonly large: BenchDatabase;
  readonly sink: OtlpSink;
  readonly client: Client;
  /** The service as `npm start` runs it: this checkout's, or the one built at `root` (see compare.ts). */
  shopzip(database: BenchDatabase, extraFlags?: string[], root?: string): Promise<ServerSpec>;
  references(database: BenchDatabase, postgresUrl?: string): Promise<ServerSpec>;
  /** The large database in a throwaway PostgreSQL cluster, started and loaded on first use. */
  postgres(): Promise<BenchPostgres>;
  /** shopzip reading the PostgreSQL copy of the large database: this checkout's, or the one built at `root`. */
  shopzipOnPostgres(postgres: BenchPostgres, root?: string): Promise<ServerSpec>;
}

type Step = readonly [id: string, run: (bench: Bench) => Promise<Measurement | Measurement[]>];

/** Every measurement, in the order run; each on a freshly started server. */
const STEPS: readonly Step[] = [
  ['1@100k', (b) => on(b, b.shopzip(b.small), warmUpPath('shopzip', b.small), (server) => fullExport(server, b.small, b.client, 'csv,xlsx', '1@100k'))],
  ['baseline@100k', (b) => on(b, b.references(b.small), warmUpPath('baseline', b.small), (server) => baselineExport(server, b.small))],
  ['1', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => fullExport(server, b.large, b.client, 'csv,xlsx', '1'))],
  ['2', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => fullExport(server, b.large, b.client, 'csv', '2'))],
  ['floor', (b) => on(b, b.references(b.large), warmUpPath('floor', b.large), (server) => floorExport(server, b.large))],
  ['3', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => concurrentShops(server, b.large, b.client, pickConcurrentShops(b.large)))],
  ['4', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => slowClientBeside(server, b.large, b.client))],
  ['5', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => jobScenarios(server, b.large, b.client))],
  ['xlsx', (b) => on(b, b.shopzip(b.large), warmUpPath('shopzip', b.large), (server) => xlsxOnly(server, b.large, b.client))],
  ['1@pg', (b) => onPostgres(b, (pg) => b.shopzipOnPostgres(pg), 'shopzip', (server) => fullExport(server, b.large, b.client, 'csv,xlsx', '1@pg'))],
  ['2@pg', (b) => onPostgres(b, (pg) => b.shopzipOnPostgres(pg), 'shopzip', (server) => fullExport(server, b.large, b.client, 'csv', '2@pg'))],
  ['floor@pg', (b) => onPostgres(b, (pg) => b.references(b.large, pg.url), 'floor@pg', (server) => postgresFloorExport(server, b.large))],
  ['floor@pg-default', (b) => onPostgres(b, (pg) => b.references(b.large, pg.url), 'floor@pg', (server) => postgresFloorExport(server, b.large, 'default'))],
];

/** {@link on} for a row reading PostgreSQL: its title says so, and its notes give the database server's CPU. */
async function onPostgres(bench: Bench, spec: (postgres: BenchPostgres) => Promise<ServerSpec>, system: 'shopzip' | 'floor@pg', work: (server: ServerProcess) => Promise<Measurement>): Promise<Measurement> {
  const postgres = await bench.postgres();
  const warmUp = system === 'shopzip' ? warmUpPath('shopzip', bench.large) : `/floor-pg?shops=${smallestShop(bench.large)}`;
  const measurement = await withServerCpu(postgres, () => on(bench, spec(postgres), warmUp, work));
  return system === 'shopzip' ? { ...measurement, title: `${measurement.title}, from PostgreSQL` } : measurement;
}

/**
 * Starts a server, warms it up with one small export (so that no row pays for loading modules and compiling code
 * on its first request, which a long-running service has long done), runs `work`, stops the server.
 */
async function on<T>(bench: Bench, spec: Promise<ServerSpec>, warmUp: string, work: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer(await spec);
  try {
    await download(`${server.url}${warmUp}`, { headers: bench.client.headers });
    return await work(server);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, profile: { type: 'boolean' }, compare: { type: 'string' }, rounds: { type: 'string' } } });
  process.chdir(ROOT);
  const started = performance.now();
  const build = buildFingerprint('dist/src');
  const bench = await prepare();
  try {
    if (values.profile === true) {
      process.stdout.write(await profileShopzip((flags) => bench.shopzip(bench.small, flags), bench.small, bench.client, `${RESULTS}/profiles`));
      return;
    }
    const only = values.only?.split(',');
    if (values.compare !== undefined) {
      await compare(bench, values.compare, only ?? COMPARED, Number(values.rounds ?? 2));
      return;
    }
    const measurements: Measurement[] = [];
    const failures: string[] = [];
    for (const [id, run] of STEPS.filter(([id]) => only === undefined || only.includes(id))) {
      progress(`running ${id}`);
      try {
        for (const measurement of [await run(bench)].flat()) {
          measurements.push(measurement);
          progress(`${measurement.id}: ${measurement.wallSeconds.toFixed(1)} s, peak RSS ${measurement.peakRssMb.toFixed(0)} MB, CPU ${measurement.cpuSeconds.toFixed(1)} s`);
        }
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
        progress(`${id} FAILED: ${(error as Error).message}`);
      }
    }
    if (buildFingerprint('dist/src') !== build) failures.push('the code in dist/src changed while the bench ran: the rows measured different code; run it again');
    report(bench, measurements, failures, (performance.now() - started) / 1000);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await bench.sink.close();
    await bench.stopPostgres();
  }
}

async function prepare(): Promise<Bench & { stopPostgres(): Promise<void> }> {
  const small = ensureDatabase({ path: 'bench/data/orders-100k.db', shops: 100, orders: 100_000 });
  const large = ensureDatabase({ path: 'bench/data/orders-1m.db', shops: 100, orders: 1_000_000 });
  await warmPageCache([small.path, large.path]);
  const sink = await startOtlpSink();
  const environment: Record<string, string> = {
    HOST: '127.0.0.1',
    SHOPZIP_DEMO_DATA: 'false',
    SHOPZIP_LOG_LEVEL: 'warn',
    SHOPZIP_STATE_DB: STATE_DB,
    SHOPZIP_ARTIFACT_DIR: ARTIFACT_DIR,
    SHOPZIP_MAX_CONCURRENT_EXPORTS: '64',
    SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: '64',
    SHOPZIP_SHUTDOWN_GRACE_MS: '1000',
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
    OTEL_SERVICE_NAME: 'shopzip-bench',
  };
  rmSync(ARTIFACT_DIR, { recursive: true, force: true }); // the files of an earlier run's jobs, whose records createToken removes
  const token = createToken('dist/src/tokens-cli.js', STATE_DB, environment);
  let postgres: Promise<BenchPostgres> | undefined;
  progress(token === null ? 'no dist/src/tokens-cli.js: requests go without a token' : 'created an API token for the bench');
  return {
    small,
    large,
    sink,
    client: { headers: token === null ? {} : { Authorization: `Bearer ${token}` } },
    shopzip: async (database, extraFlags = [], root = ROOT) => {
      const port = await freePort();
      const start = startScriptCommand(join(root, 'package.json'), extraFlags);
      const paths = { SHOPZIP_SOURCE_DB: resolve(database.path), SHOPZIP_STATE_DB: resolve(STATE_DB), SHOPZIP_ARTIFACT_DIR: resolve(ARTIFACT_DIR) };
      return { name: 'shopzip', nodeArguments: start.nodeArguments, port, cwd: root, environment: { ...start.environment, ...environment, ...paths, PORT: String(port) } };
    },
    references: async (database, url) => {
      const port = await freePort();
      return { name: 'reference server', nodeArguments: ['dist/bench/reference-server.js'], port, environment: { PORT: String(port), BENCH_SOURCE_DB: database.path, ...(url === undefined ? {} : { BENCH_SOURCE_URL: url }) } };
    },
    postgres: () => (postgres ??= startBenchPostgres(large)),
    shopzipOnPostgres: async (started, root = ROOT) => {
      const port = await freePort();
      const start = startScriptCommand(join(root, 'package.json'));
      const paths = { SHOPZIP_STATE_DB: resolve(STATE_DB), SHOPZIP_ARTIFACT_DIR: resolve(ARTIFACT_DIR) };
      return { name: 'shopzip', nodeArguments: start.nodeArguments, port, cwd: root, environment: { ...start.environment, ...environment, ...paths, PORT: String(port), SHOPZIP_SOURCE_URL: started.url } };
    },
    stopPostgres: async () => {
      const started = await postgres?.catch(() => undefined);
      await started?.cluster.stop();
    },
  };
}

/** Scenarios a comparison runs unless `--only` names others. */
const COMPARED = ['1', '3', 'xlsx'];

/** `--compare <revision>`: the steps on this build and on that revision's, in turns (see compare.ts). */
async function compare(bench: Bench, revision: string, ids: readonly string[], rounds: number): Promise<void> {
  const reference = buildReference(ROOT, revision);
  const onReference: Bench = {
    ...bench,
    shopzip: (database, extraFlags) => bench.shopzip(database, extraFlags, reference.root),
    shopzipOnPostgres: (postgres) => bench.shopzipOnPostgres(postgres, reference.root),
  };
  const steps = STEPS.filter(([id]) => ids.includes(id)).map(([id, run]) => ({ id, run: (build: 'this' | 'reference') => run(build === 'this' ? bench : onReference) }));
  const thisBuild = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  const markdown = comparisonReport(reference, thisBuild, await compareRuns(steps, rounds));
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}/compare-latest.md`, markdown);
  process.stdout.write(markdown);
}

function report(bench: Bench, measurements: Measurement[], failures: string[], durationSeconds: number): void {
  const traces = bench.sink.received.get('/v1/traces');
  const environment = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    node: process.version,
    tracing: traces === undefined ? 'NO trace exports received (is tracing on?)' : `on, ${traces.requests} OTLP exports (${(traces.bytes / 1e6).toFixed(1)} MB) to a local sink`,
    authentication: Object.keys(bench.client.headers).length > 0,
    durationSeconds,
  };
  const targets = evaluateTargets(measurements);
  const markdown = markdownReport(environment, measurements, targets) + failures.map((failure) => `\nFAILED ${failure}\n`).join('');
  const json = JSON.stringify({ environment, measurements, targets, failures, otlp: Object.fromEntries(bench.sink.received) }, null, 2);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}/latest.json`, json);
  writeFileSync(`${RESULTS}/${environment.date.replaceAll(':', '-')}.json`, json);
  writeFileSync(`${RESULTS}/latest.md`, markdown);
  process.stdout.write(markdown);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServers();
    stopAllClustersNow();
    process.exit(130);
  });
}
process.once('exit', () => {
  killAllServers();
  stopAllClustersNow();
});
main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  killAllServers();
  process.exitCode = 1;
});
