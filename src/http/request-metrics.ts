import type { Context, Next } from 'koa';
import type { ShopzipMetrics } from '../telemetry/metrics.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every request from arrival until its response closes (for a download, its last byte or abort) into
 * `shopzip_http_request_duration_seconds`, labelled by method, route template (never the raw path) and status.
 */
export function requestMetrics(metrics: ShopzipMetrics) {
  return async function measureRequest(context: Context, next: Next): Promise<void> {
    const started = performance.now();
    context.res.once('close', () => {
      metrics.httpRequestDuration.observe({
        labels: { method: METHODS.has(context.method) ? context.method : '_OTHER', route: routeOf(context), status: String(context.res.statusCode) },
        value: (performance.now() - started) / 1000,
      });
    });
    await next();
  };
}

/** The matched route's template (`/v1/exports/orders.zip`); `unmatched` for anything else, which keeps labels bounded. */
function routeOf(context: Context): string {
  const route = (context as Context & { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : 'unmatched';
}
