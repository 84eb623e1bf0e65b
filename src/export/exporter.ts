import type { Config } from '../config.js';
import type { OrdersSource } from '../source/orders-source.js';
import { ConnectionLimitedExporter } from './connection-limit.js';
import { WorkerExporter } from './engine/worker-exporter.js';
import { LocalExporter } from './local-export.js';
import type { Exporter } from './run.js';

/**
 * The exporter the configuration asks for: worker threads (`SHOPZIP_EXPORT_WORKERS`, by default one per core but one),
 * or the main thread when that is 0; at most as many exports at once as the source has connections (PostgreSQL),
 * waiting for one at most the connect timeout.
 */
export function createExporter(source: OrdersSource, config: Pick<Config, 'exportWorkers'>): Exporter {
  const exporter = config.exportWorkers === 0 ? new LocalExporter(source) : new WorkerExporter(source, { workers: config.exportWorkers });
  const limit = source.connectionLimit;
  return limit === null ? exporter : new ConnectionLimitedExporter(exporter, limit.connections, limit.waitMs);
}
