import { existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './log.js';
import { createDemoDatabase } from './source/demo-data.js';
import { OrdersSource } from './source/orders-source.js';

const DEMO = { shops: 6, orders: 30_000, seed: 1 };

/** Composition root: configuration, source, app, listening socket, shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  prepareSource(config, logger);
  const source = new OrdersSource(config.sourceDatabasePath);
  let accepting = true;
  const app = createApp({ config, source, logger, accepting: () => accepting });
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url: base, source: config.sourceDatabasePath }, 'shopzip is listening');
  process.stdout.write(`\nshopzip is ready. Download an export:\n\n  curl -fOJ '${base}/v1/exports/orders.zip?shops=acme,globex&from=2026-01-01&to=2026-03-31'\n\n`);
  const shutdown = (signal: string): void => {
    if (!accepting) return;
    accepting = false;
    logger.info({ signal }, 'shutting down');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function prepareSource(config: Config, logger: Logger): void {
  if (existsSync(config.sourceDatabasePath) || !config.seedDemoData) return;
  mkdirSync(dirname(config.sourceDatabasePath), { recursive: true });
  const started = performance.now();
  createDemoDatabase(config.sourceDatabasePath, DEMO);
  logger.info({ path: config.sourceDatabasePath, ...DEMO, ms: Math.round(performance.now() - started) }, 'created the demo orders database');
}

main().catch((error: unknown) => {
  process.stderr.write(`shopzip failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
