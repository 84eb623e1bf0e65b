import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Tracer } from '@opentelemetry/api';
import { loadConfig, type Config } from '../../src/config.js';
import { createExporter } from '../../src/export/exporter.js';
import type { Exporter } from '../../src/export/run.js';
import { createLogger } from '../../src/log.js';
import { openOrdersSource } from '../../src/source/open-source.js';
import type { OrdersSource } from '../../src/source/orders-source.js';
import { TokenStore } from '../../src/auth/token-store.js';
import { authorizeOrigin } from './http.js';
import { Lifecycle } from '../../src/http/lifecycle.js';
import { createMetrics, type ShopzipMetrics } from '../../src/telemetry/metrics.js';
import { defaultTracer } from '../../src/telemetry/tracing.js';
import { ExportJobs } from '../../src/jobs/export-jobs.js';
import { FileArtifactStore } from '../../src/jobs/file-artifact-store.js';
import { SqliteJobStore } from '../../src/jobs/sqlite-job-store.js';
import { createApp, createOpsApp } from '../../src/http/app.js';
import { OPS_PATHS, takeViolations, watchResponses } from './openapi/watch.js';

/** A log line as the app wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface RunningApp {
  readonly server: Server;
  readonly source: OrdersSource;
  /** Runs the app's exports: worker threads unless `SHOPZIP_EXPORT_WORKERS` is 0. */
  readonly exporter: Exporter;
  readonly config: Config;
  readonly tokens: TokenStore;
  readonly lifecycle: Lifecycle;
  /** The app's metrics, in a registry of its own. */
  readonly metrics: ShopzipMetrics;
  /** Export jobs: state in memory unless `SHOPZIP_STATE_DB` is given, files in a temporary directory unless `SHOPZIP_ARTIFACT_DIR` is. */
  readonly jobs: ExportJobs;
  /** An all-shops token; the helpers in http.ts send it to this app unless told otherwise. */
  readonly token: string;
  /** Every log line written so far. */
  readonly logs: LogLine[];
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Starts the real app on 127.0.0.1, port 0, against the given source database file (or PostgreSQL URL); its spans
 * go to `tracer` when given (e.g. one with an in-memory exporter), else to the global tracer; `exporter` replaces
 * the one the configuration asks for.
 */
export async function startApp(options: { sourcePath?: string; sourceUrl?: string; environment?: Record<string, string>; tracer?: Tracer; exporter?: (source: OrdersSource) => Exporter }): Promise<RunningApp> {
  const artifacts = await mkdtemp(join(tmpdir(), 'shopzip-artifacts-'));
  const where = options.sourceUrl === undefined ? { SHOPZIP_SOURCE_DB: options.sourcePath } : { SHOPZIP_SOURCE_URL: options.sourceUrl };
  const config = loadConfig({
    ...where, SHOPZIP_DEMO_DATA: 'false', SHOPZIP_STATE_DB: ':memory:', SHOPZIP_ARTIFACT_DIR: artifacts, ...options.environment,
  });
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const logger = createLogger('info', destination);
  const source = await openOrdersSource(config.source);
  const exporter = options.exporter?.(source) ?? createExporter(source, config);
  const tokens = new TokenStore(':memory:');
  const { token } = tokens.create('test-all-shops', { allShops: true });
  const lifecycle = new Lifecycle();
  const metrics = createMetrics();
  const tracing = options.tracer === undefined ? {} : { tracer: options.tracer };
  const jobs = await ExportJobs.open({
    store: new SqliteJobStore(config.stateDatabasePath), artifacts: new FileArtifactStore(config.artifactDirectory), exporter, config, logger,
    telemetry: { metrics, tracer: options.tracer ?? defaultTracer() },
    tokenActive: (tokenId) => tokens.isActive(tokenId),
  });
  const server = createApp({ config, source, exporter, logger, tokens, lifecycle, metrics, jobs, ...tracing }).listen(0, '127.0.0.1');
  watchResponses(server);
  jobs.start();
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  authorizeOrigin(`http://127.0.0.1:${port}`, token);
  return {
    server, source, exporter, config, logs, tokens, token, lifecycle, metrics, jobs,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await jobs.stop();
      tokens.close();
      await jobs.close();
      await exporter.close();
      await rm(artifacts, { recursive: true, force: true });
      const late = await takeViolations();
      if (late.length > 0) throw new Error(`responses the OpenAPI document does not describe:\n  ${late.join('\n  ')}`);
    },
  };
}

/**
 * Starts the ops app of `SHOPZIP_OPS_PORT` beside a running app (its config, metrics and lifecycle), on port 0;
 * its responses are checked against the document like the app's.
 */
export async function startOpsApp(app: RunningApp): Promise<{ server: Server; url(path: string): string }> {
  const server = createOpsApp({ config: app.config, source: app.source, logger: createLogger('silent'), metrics: app.metrics, lifecycle: app.lifecycle }).listen(0, '127.0.0.1');
  watchResponses(server, OPS_PATHS);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: (path) => `http://127.0.0.1:${port}${path}` };
}

/** Polls `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 2000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
