import { existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { TokenStore } from './auth/token-store.js';
import { loadConfig, type Config } from './config.js';
import { createExporter } from './export/exporter.js';
import { ExportJobs } from './jobs/export-jobs.js';
import { FileArtifactStore } from './jobs/file-artifact-store.js';
import { SqliteJobStore } from './jobs/sqlite-job-store.js';
import { createApp, createOpsApp } from './http/app.js';
import { Lifecycle } from './http/lifecycle.js';
import { createLogger, type Logger } from './log.js';
import { createDemoDatabase } from './source/demo-data.js';
import { openOrdersSource } from './source/open-source.js';
import { createMetrics } from './telemetry/metrics.js';
import { shutdownTelemetry } from './telemetry/shutdown.js';
import { defaultTracer } from './telemetry/tracing.js';

const DEMO = { shops: 6, orders: 30_000, seed: 1 };
const DEMO_TOKEN_NAME = 'demo';

/** Composition root: configuration, databases, app, listening socket, graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const tokens = new TokenStore(config.stateDatabasePath);
  const demoToken = prepareDemo(config, tokens, logger);
  const source = await openOrdersSource(config.source);
  const exporter = createExporter(source, config);
  const lifecycle = new Lifecycle();
  const metrics = createMetrics();
  const jobs = await ExportJobs.open({
    store: new SqliteJobStore(config.stateDatabasePath), artifacts: new FileArtifactStore(config.artifactDirectory), exporter, config, logger,
    telemetry: { metrics, tracer: defaultTracer() },
    tokenActive: (tokenId) => tokens.isActive(tokenId),
  });
  const servers = [createApp({ config, source, exporter, logger, tokens, lifecycle, metrics, jobs }).listen(config.port, config.host)];
  if (config.opsPort !== null) servers.push(createOpsApp({ config, source, logger, metrics, lifecycle }).listen(config.opsPort, config.opsHost));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const base = urlOf(servers[0]!, config.host);
  const ops = servers[1] === undefined ? base : urlOf(servers[1], config.opsHost);
  logger.info({ url: base, ops, source: source.description }, 'shopzip is listening');
  jobs.start();
  process.stdout.write(instructions(base, demoToken));
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const requeued = await jobs.stop();
    logger.info({ signal, inFlight: lifecycle.inFlight, graceMs: config.shutdownGraceMs, jobsRequeued: requeued }, 'shutting down: running jobs queued again; draining downloads');
    const { finished, aborted } = await lifecycle.drain(config.shutdownGraceMs);
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    tokens.close();
    await jobs.close();
    await exporter.close();
    await source.close();
    await shutdownTelemetry();
    logger.info({ finished, aborted }, 'shut down');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** On first start: the demo orders database and, if there is none yet, a demo token (printed once). */
function prepareDemo(config: Config, tokens: TokenStore, logger: Logger): string | null {
  if (config.source.engine !== 'sqlite' || existsSync(config.sourceDatabasePath) || !config.seedDemoData) return null;
  mkdirSync(dirname(config.sourceDatabasePath), { recursive: true });
  const started = performance.now();
  createDemoDatabase(config.sourceDatabasePath, DEMO);
  logger.info({ path: config.sourceDatabasePath, ...DEMO, ms: Math.round(performance.now() - started) }, 'created the demo orders database');
  if (tokens.list().some((record) => record.name === DEMO_TOKEN_NAME)) return null;
  return tokens.create(DEMO_TOKEN_NAME, { allShops: true }).token;
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function instructions(base: string, demoToken: string | null): string {
  const query = `${base}/v1/exports/orders.zip?shops=acme,globex&from=2026-01-01&to=2026-03-31`;
  const token = demoToken === null
    ? '# Create a token first (its secret is shown once): npm run tokens -- create --name me --all-shops\n  export SHOPZIP_TOKEN=<the token>\n'
    : `# A demo token for all shops was created (shown only now; keep it):\n  export SHOPZIP_TOKEN=${demoToken}\n`;
  const command = `npx shopzip export --url ${base} --shops acme,globex --from 2026-01-01 --to 2026-03-31`;
  return `\nshopzip is ready. Download an export:\n\n  ${token}\n  # In a browser: open ${base}/ and paste the token.\n  # In a terminal, from the shopzip folder:\n  ${command}\n  # With curl:\n  curl -fOJ -H "Authorization: Bearer $SHOPZIP_TOKEN" '${query}'\n\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`shopzip failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
