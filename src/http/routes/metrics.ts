import Router from '@koa/router';
import type { MetricsRegistry } from '../../telemetry/metrics.js';
import { renderMetrics } from '../../telemetry/exposition.js';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the registry in the Prometheus text format, or in OpenMetrics with exemplars (trace ids of recent
 * exports) when the scraper sends `Accept: application/openmetrics-text`.
 */
export function metricsRoutes(registry: MetricsRegistry): Router {
  const router = new Router();
  router.get(METRICS_PATH, async (context) => {
    const { contentType, body } = await renderMetrics(registry, context.get('Accept'));
    context.set('Cache-Control', 'no-store');
    context.type = contentType;
    context.body = body;
  });
  return router;
}
