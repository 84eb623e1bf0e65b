import Router from '@koa/router';
import type { MetricsRegistry } from '../../telemetry/metrics.js';
import { renderMetrics } from '../../telemetry/exposition.js';
import { ShopzipError } from '../../errors.js';
import { bearerMatches } from '../authenticate.js';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the registry in the Prometheus text format, or in OpenMetrics with exemplars (trace ids of recent
 * exports) when the scraper sends `Accept: application/openmetrics-text`.
 */
export function metricsRoutes(registry: MetricsRegistry, token: string | null = null): Router {
  const router = new Router();
  router.get(METRICS_PATH, async (context) => {
    if (token !== null && !bearerMatches(context.get('Authorization'), token)) {
      throw new ShopzipError('unauthorized', 'send the metrics token: Authorization: Bearer <SHOPZIP_METRICS_TOKEN>');
    }
    const { contentType, body } = await renderMetrics(registry, context.get('Accept'));
    context.set('Cache-Control', 'no-store');
    context.type = contentType;
    context.body = body;
  });
  return router;
}
