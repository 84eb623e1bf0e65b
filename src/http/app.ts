import Koa from 'koa';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '../config.js';
import { ShopzipError } from '../errors.js';
import type { Logger } from '../log.js';
import type { OrdersSource } from '../source/orders-source.js';
import type { TokenStore } from '../auth/token-store.js';
import { createMetrics, type ShopzipMetrics } from '../telemetry/metrics.js';
import { defaultTracer } from '../telemetry/tracing.js';
import { DownloadSlots } from './download-slots.js';
import { Lifecycle } from './lifecycle.js';
import { isClientGone } from './download-outcome.js';
import { problemMiddleware } from './problem.js';
import { exportRoutes } from './routes/exports.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { requestMetrics } from './request-metrics.js';

export interface AppDependencies {
  readonly config: Config;
  readonly source: OrdersSource;
  readonly logger: Logger;
  readonly tokens: TokenStore;
  /** Shared with main.ts, which drains it on SIGTERM. */
  readonly lifecycle?: Lifecycle;
  /** The app's metrics, served at /metrics; a fresh registry when omitted. */
  readonly metrics?: ShopzipMetrics;
  /** The tracer of shopzip's spans; the global one (started by the preload, else a no-op) when omitted. */
  readonly tracer?: Tracer;
}

/** The Koa application with every route; no listening socket (see main.ts, or tests on port 0). */
export function createApp(dependencies: AppDependencies): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (error: unknown) => {
    // Mid-stream failures are logged once by the export route; a client that left is no error.
    if (isClientGone(error) || (error as { headerSent?: boolean }).headerSent === true) return;
    dependencies.logger.error({ err: error }, 'unhandled error');
  });
  const telemetry = { metrics: dependencies.metrics ?? createMetrics(), tracer: dependencies.tracer ?? defaultTracer() };
  app.use(requestMetrics(telemetry.metrics));
  app.use(problemMiddleware(dependencies.logger));
  const lifecycle = dependencies.lifecycle ?? new Lifecycle();
  const { config } = dependencies;
  const slots = new DownloadSlots(config.maxConcurrentExports, config.maxConcurrentExportsPerToken);
  const exports = exportRoutes({ ...dependencies, lifecycle, slots, telemetry });
  const health = healthRoutes({
    accepting: () => lifecycle.accepting,
    sourceReadable: () => dependencies.source.isReadable(),
  });
  for (const router of [exports, health, metricsRoutes(telemetry.metrics.registry)]) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true, methodNotAllowed: () => new ShopzipError('method_not_allowed', 'this method is not allowed here') }));
  }
  return app;
}
