/**
 * `npm run bench:request-cost [-- downloads]`: the CPU time one small download costs each thread of the service, above
 * all the main thread, which takes every request and frames every ZIP: its cost per download decides how soon the
 * first bytes of many downloads started at once can go out (scenario 3's time to first byte). Starts the service as
 * `npm start` does, tracing on to a local sink, on the bench's 1M-order database, and downloads one shop's CSV + XLSX
 * for a day without orders (every entry, workbook and manifest, no rows) `downloads` times (default 1,000), four at a
 * time, after 50 to warm up. CPU time per thread is read from /proc/<pid>/task/<tid>/schedstat before and after.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { download } from './client.js';
import { ensureDatabase } from './databases.js';
import { startOtlpSink } from './otlp-sink.js';
import { freePort, startScriptCommand, startServer } from './service.js';
import { smallestShop } from './shops.js';
import { createToken } from './token.js';

const CONCURRENCY = 4;
const WARM_UP = 50;

const root = join(import.meta.dirname, '..', '..');
const downloads = Number(process.argv[2] ?? 1000);
const database = ensureDatabase({ path: join(root, 'bench', 'data', 'orders-1m.db'), shops: 100, orders: 1_000_000 });
const sink = await startOtlpSink();
const environment = {
  HOST: '127.0.0.1', SHOPZIP_SOURCE_DB: database.path, SHOPZIP_DEMO_DATA: 'false', SHOPZIP_LOG_LEVEL: 'warn',
  SHOPZIP_STATE_DB: join(root, 'bench', 'data', 'state-request-cost.db'), SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: String(CONCURRENCY),
  OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
};
const token = createToken(join(root, 'dist', 'src', 'tokens-cli.js'), environment.SHOPZIP_STATE_DB, environment);
const start = startScriptCommand(join(root, 'package.json'));
const port = await freePort();
const server = await startServer({ name: 'shopzip', port, nodeArguments: start.nodeArguments, environment: { ...start.environment, ...environment, PORT: String(port) } });
try {
  const url = `${server.url}/v1/exports/orders.zip?shops=${smallestShop(database)}&formats=csv,xlsx&from=2001-01-01&to=2001-01-01`;
  const headers = token === null ? {} : { authorization: `Bearer ${token}` };
  const many = async (count: number): Promise<void> => {
    let started = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (started < count) {
        started += 1;
        await download(url, { headers });
      }
    }));
  };
  await many(WARM_UP);
  const before = threadCpuMs(server.pid);
  const began = performance.now();
  await many(downloads);
  const wallMs = performance.now() - began;
  const after = threadCpuMs(server.pid);
  const spent = (thread: string): number => ((after.get(thread) ?? 0) - (before.get(thread) ?? 0)) / downloads;
  const others = [...after.keys()].filter((thread) => thread !== String(server.pid)).reduce((sum, thread) => sum + spent(thread), 0);
  console.log(`${downloads} downloads, ${CONCURRENCY} at a time: CPU ms per download: main thread ${spent(String(server.pid)).toFixed(2)}, other threads ${others.toFixed(2)}; wall ${(wallMs / downloads).toFixed(2)} ms per download`);
} finally {
  await server.stop();
  await sink.close();
}

/** CPU time so far of each thread of process `pid`, in ms, by thread id. */
function threadCpuMs(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    const onCpuNs = Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    threads.set(thread, onCpuNs / 1e6);
  }
  return threads;
}
