import { Registry, type Metric } from 'prom-client';
import type { MetricsRegistry } from './metrics.js';

/** A rendered scrape: the content type to answer with and the body. */
export interface Exposition {
  readonly contentType: string;
  readonly body: string;
}

/** Whether an `Accept` header asks for OpenMetrics (any version, with a quality above zero). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return type === 'application/openmetrics-text' && (quality === undefined || Number(quality.slice(2)) > 0);
  });
}

/**
 * Renders the registry as OpenMetrics (with exemplars) when the scraper accepts it, else as the Prometheus text
 * format 0.0.4. The registry must be an OpenMetrics one (see createMetrics).
 */
export async function renderMetrics(registry: MetricsRegistry, accept: string | undefined): Promise<Exposition> {
  if (wantsOpenMetrics(accept)) return { contentType: Registry.OPENMETRICS_CONTENT_TYPE, body: await registry.metrics() };
  return { contentType: Registry.PROMETHEUS_CONTENT_TYPE, body: await prometheusView(registry).metrics() };
}

/**
 * The same metrics in a Prometheus-format registry. prom-client renders one format per registry and, rendering
 * OpenMetrics, renames counters in place (`x_total` becomes `x`, samples `x_total`); a view with the counter names
 * restored renders the text format without touching the metrics themselves.
 */
function prometheusView(registry: MetricsRegistry): Registry {
  const view = new Registry();
  for (const metric of registry.getMetricsAsArray() as unknown as Array<{ name: string; help: string; type: string; get(): Promise<object> }>) {
    const name = metric.type === 'counter' && !metric.name.endsWith('_total') ? `${metric.name}_total` : metric.name;
    const get = async (): Promise<object> => ({ ...(await metric.get()), name });
    view.registerMetric({ name, help: metric.help, type: metric.type, get } as unknown as Metric);
  }
  return view;
}
