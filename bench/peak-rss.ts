/**
 * `npm run bench:rss [-- orders runs]`: the peak RSS (VmHWM) of a freshly started service, started as `npm start`
 * does with tracing off, while it serves one CSV + XLSX export of all 100 shops of a generated database
 * (default 200,000 orders, 5 runs). Issue 2 asks for less than 150 MB at 200,000 orders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { download } from './client.js';
import { ensureDatabase } from './databases.js';
import { freePort, startScriptCommand, startServer } from './service.js';
import { createToken } from './token.js';

const root = join(import.meta.dirname, '..', '..');
const orders = Number(process.argv[2] ?? 200_000);
const runs = Number(process.argv[3] ?? 5);
const database = ensureDatabase({ path: join(root, 'bench', 'data', `orders-${orders}.db`), shops: 100, orders });
const environment = { HOST: '127.0.0.1', SHOPZIP_SOURCE_DB: database.path, SHOPZIP_DEMO_DATA: 'false', SHOPZIP_LOG_LEVEL: 'warn' };
const stateDatabase = join(root, 'bench', 'data', 'state-rss.db');
const token = createToken(join(root, 'dist', 'src', 'tokens-cli.js'), stateDatabase, environment);
const peaks: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const port = await freePort();
  const start = startScriptCommand(join(root, 'package.json'));
  const server = await startServer({
    name: 'shopzip', port, nodeArguments: start.nodeArguments,
    environment: { ...start.environment, ...environment, PORT: String(port), SHOPZIP_STATE_DB: stateDatabase },
  });
  try {
    const result = await download(`${server.url}/v1/exports/orders.zip?shops=${database.shops.join(',')}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;
    peaks.push(peak);
    console.log(`run ${run + 1}: peak RSS ${peak.toFixed(0)} MB, ${(result.bytes / 1e6).toFixed(1)} MB in ${(result.wallMs / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
}
peaks.sort((a, b) => a - b);
console.log(`${orders.toLocaleString('en')} orders, CSV + XLSX: peak RSS min ${peaks[0]!.toFixed(0)} / median ${peaks[Math.floor(peaks.length / 2)]!.toFixed(0)} / max ${peaks.at(-1)!.toFixed(0)} MB over ${runs} runs`);
