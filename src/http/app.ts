import Koa from 'koa';
import type { Config } from '../config.js';
import { ShopzipError } from '../errors.js';
import type { Logger } from '../log.js';
import type { OrdersSource } from '../source/orders-source.js';
import type { TokenStore } from '../auth/token-store.js';
import { DownloadSlots } from './download-slots.js';
import { Lifecycle } from './lifecycle.js';
import { isClientGone } from './download-outcome.js';
import { problemMiddleware } from './problem.js';
import { exportRoutes } from './routes/exports.js';
import { healthRoutes } from './routes/health.js';

export interface AppDependencies {
  readonly config: Config;
  readonly source: OrdersSource;
  readonly logger: Logger;
  readonly tokens: TokenStore;
  /** Shared with main.ts, which drains it on SIGTERM. */
  readonly lifecycle?: Lifecycle;
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
  app.use(problemMiddleware(dependencies.logger));
  const lifecycle = dependencies.lifecycle ?? new Lifecycle();
  const { config } = dependencies;
  const slots = new DownloadSlots(config.maxConcurrentExports, config.maxConcurrentExportsPerToken);
  const exports = exportRoutes({ ...dependencies, lifecycle, slots });
  const health = healthRoutes({
    accepting: () => lifecycle.accepting,
    sourceReadable: () => dependencies.source.isReadable(),
  });
  for (const router of [exports, health]) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true, methodNotAllowed: () => new ShopzipError('method_not_allowed', 'this method is not allowed here') }));
  }
  return app;
}
