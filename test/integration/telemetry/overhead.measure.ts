/**
 * Measures what tracing costs an export: the same service (npm start) twice, tracing off and tracing on (OTLP/HTTP
 * protobuf, the default, to a local endpoint that accepts everything), downloading the same export in turns.
 * Not a test (mocha runs *.test.js only):
 *
 *   npx tsc -p tsconfig.json && node dist/test/integration/telemetry/overhead.measure.js [orders] [rounds]
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TokenStore } from '../../../src/auth/token-store.js';
import { seedDatabase } from '../../helpers/seed-database.js';
import { startServiceProcess, type ServiceProcess } from '../../helpers/service-process.js';

const orders = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 7);
const QUERY = '/v1/exports/orders.zip?shops=acme,globex,initech,umbrella,wonka,stark';

/** An OTLP/HTTP endpoint that answers every POST with an empty success and counts what it got. */
async function startSink(): Promise<{ endpoint: string; requests: () => number; close: () => void }> {
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, close: () => server.close() };
}

/** CPU seconds (user + system) the process has used, from /proc (Linux; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function timedDownload(service: ServiceProcess, token: string): Promise<{ seconds: number; cpu: number; bytes: number }> {
  const cpuBefore = cpuSeconds(service.child.pid!);
  const started = performance.now();
  const response = await fetch(service.url(QUERY), { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  const seconds = (performance.now() - started) / 1000;
  // The traced process exports its spans within 100 ms (OTEL_BSP_SCHEDULE_DELAY below): count that CPU too.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { seconds, cpu: cpuSeconds(service.child.pid!) - cpuBefore, bytes };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The median of on/off ratios of the same round: robust to a machine whose load drifts during the run. */
const pairedRatio = (on: number[], off: number[]): number => median(on.map((value, index) => value / off[index]!));
const percent = (ratio: number): number => Number((100 * (ratio - 1)).toFixed(1));

async function main(): Promise<void> {
  const database = await seedDatabase({ demo: { shops: 6, orders, seed: 1 } });
  const statePath = join(database.path, '..', 'state.db');
  const tokens = new TokenStore(statePath);
  const { token } = tokens.create('overhead', { allShops: true });
  tokens.close();
  const sink = await startSink();
  const common = { SHOPZIP_SOURCE_DB: database.path, SHOPZIP_STATE_DB: statePath, SHOPZIP_DEMO_DATA: 'false', SHOPZIP_LOG_LEVEL: 'warn' };
  const services = {
    off: await startServiceProcess(common),
    on: await startServiceProcess({ ...common, OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_SERVICE_NAME: 'shopzip-overhead', OTEL_BSP_SCHEDULE_DELAY: '100' }),
  };
  const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  let bytes = 0;
  try {
    for (const name of ['off', 'on'] as const) await timedDownload(services[name], token); // warm-up
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which goes first, so that neither always runs on a warmer machine.
      for (const name of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const result = await timedDownload(services[name], token);
        bytes = result.bytes;
        results[name].push(result.seconds);
        cpu[name].push(result.cpu);
      }
    }
  } finally {
    services.off.kill();
    services.on.kill();
    sink.close();
    await database.remove();
  }
  const throughput = (name: 'off' | 'on'): number => bytes / median(results[name]) / 1e6;
  process.stdout.write(`${JSON.stringify({
    node: process.version, orders, rounds, zipBytes: bytes, otlpRequests: sink.requests(),
    secondsOff: results.off.map((seconds) => Number(seconds.toFixed(3))), secondsOn: results.on.map((seconds) => Number(seconds.toFixed(3))),
    medianMBpsOff: Number(throughput('off').toFixed(2)), medianMBpsOn: Number(throughput('on').toFixed(2)),
    throughputLossPercent: Number((100 * (1 - throughput('on') / throughput('off'))).toFixed(1)),
    cpuSecondsOff: cpu.off.map((seconds) => Number(seconds.toFixed(2))), cpuSecondsOn: cpu.on.map((seconds) => Number(seconds.toFixed(2))),
    medianCpuSecondsOff: median(cpu.off), medianCpuSecondsOn: median(cpu.on),
    cpuOverheadPercent: Number((100 * (median(cpu.on) / median(cpu.off) - 1)).toFixed(1)),
    pairedWallTimeOverheadPercent: percent(pairedRatio(results.on, results.off)),
    pairedCpuOverheadPercent: percent(pairedRatio(cpu.on, cpu.off)),
  }, null, 2)}\n`);
}

await main();
