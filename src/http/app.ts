import type Router from '@koa/router';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Exporter } from '../export/run.js';
import type { OrdersSource } from '../source/orders-source.js';
import type { TokenStore } from '../auth/token-store.js';
import type { ExportJobs } from '../jobs/export-jobs.js';
import { createMetrics, type ShopzipMetrics } from '../telemetry/metrics.js';
import { defaultTracer } from '../telemetry/tracing.js';
import { DownloadSlots } from './download-slots.js';
import { Koa } from './koa.js';
import { Lifecycle } from './lifecycle.js';
import { isClientGone } from './download-outcome.js';
import { problemMiddleware } from './problem.js';
import { downloadRoutes } from './routes/downloads.js';
import { exportRoutes } from './routes/exports.js';
import { jobRoutes } from './routes/jobs.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { pageRoutes } from './routes/page.js';
import { referenceRoutes } from './routes/reference.js';
import { shopRoutes } from './routes/shops.js';
import { requestMetrics } from './request-metrics.js';
import { securityHeaders } from './security-headers.js';

export interface AppDependencies {
  readonly config: Config;
  readonly source: OrdersSource;
  readonly logger: Logger;
  readonly tokens: TokenStore;
  /** Runs the exports (see `createExporter`); its owner closes it. */
  readonly exporter: Exporter;
  /** Shared with main.ts, which drains it on SIGTERM. */
  readonly lifecycle?: Lifecycle;
  /** The app's metrics, served at /metrics; a fresh registry when omitted. */
  readonly metrics?: ShopzipMetrics;
  /** The tracer of shopzip's spans; the global one (started by the preload, else a no-op) when omitted. */
  readonly tracer?: Tracer;
  /** Export jobs (`/v1/export-jobs`), opened with the same metrics and tracer; no job routes when omitted. */
  readonly jobs?: ExportJobs;
}

/**
 * The Koa application: exports, jobs, shops, the web page, the OpenAPI document and its reference (`/docs`), health,
 * and `/metrics` unless `SHOPZIP_OPS_PORT` moves it to the ops app.
 * No listening socket (see main.ts, or tests on port 0).
 */
export function createApp(dependencies: AppDependencies): Koa {
  const { config, logger } = dependencies;
  const metrics = dependencies.metrics ?? createMetrics();
  const lifecycle = dependencies.lifecycle ?? new Lifecycle();
  const telemetry = { metrics, tracer: dependencies.tracer ?? defaultTracer() };
  // One connection per running export: a source that limits connections limits the downloads.
  const slots = new DownloadSlots(Math.min(config.maxConcurrentExports, dependencies.source.connectionLimit?.connections ?? Infinity), config.maxConcurrentExportsPerToken);
  const routers = [
    exportRoutes({ ...dependencies, lifecycle, slots, telemetry }),
    shopRoutes(dependencies),
    pageRoutes(),
    referenceRoutes(),
    healthOf(dependencies.source, lifecycle),
  ];
  const { jobs } = dependencies;
  if (jobs !== undefined) routers.push(jobRoutes({ ...dependencies, jobs, lifecycle }), downloadRoutes({ ...dependencies, jobs, lifecycle }));
  if (config.opsPort === null) routers.push(metricsRoutes(metrics.registry, config.metricsToken));
  return baseApp(logger, metrics, routers);
}

export interface OpsAppDependencies {
  readonly config: Config;
  readonly source: OrdersSource;
  readonly logger: Logger;
  readonly metrics: ShopzipMetrics;
  readonly lifecycle: Lifecycle;
}

/** The operations app for `SHOPZIP_OPS_PORT`: `/metrics`, `/healthz` and `/readyz`, nothing else. */
export function createOpsApp(dependencies: OpsAppDependencies): Koa {
  const { config, logger, metrics, lifecycle, source } = dependencies;
  return baseApp(logger, metrics, [healthOf(source, lifecycle), metricsRoutes(metrics.registry, config.metricsToken)]);
}

function healthOf(source: OrdersSource, lifecycle: Lifecycle): Router {
  return healthRoutes({ accepting: () => lifecycle.accepting, sourceReadable: () => source.isReadable() });
}

function baseApp(logger: Logger, metrics: ShopzipMetrics, routers: readonly Router[]): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (error: unknown) => {
    // Mid-stream failures are logged once by the export route; a client that left is no error.
    if (isClientGone(error) || (error as { headerSent?: boolean }).headerSent === true) return;
    logger.error({ err: error }, 'unhandled error');
  });
  app.use(requestMetrics(metrics));
  app.use(securityHeaders);
  app.use(problemMiddleware(logger));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods()); // 405 (or 501) with Allow, made a problem document by problemMiddleware
  }
  return app;
}
