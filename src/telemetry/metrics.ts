import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type LabelValues, type OpenMetricsContentType } from 'prom-client';

/** How an export was asked for: `GET` with a query string or `POST` with a JSON body. */
export type ExportMode = 'get' | 'post';

/** How an export ended; `rejected` = answered with a problem document before the first byte. */
export type ExportOutcome = 'ok' | 'client_aborted' | 'failed' | 'rejected';

/** Seconds, from a few milliseconds (a 401) to an hour (years of orders to a slow client). */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
];

// prom-client's default metrics include three gauges named like counters; promtool rejects them, and the same
// numbers are the sums of nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** A registry that renders OpenMetrics, the only kind where prom-client keeps exemplars. */
export type MetricsRegistry = Registry<OpenMetricsContentType>;

/** A new, empty {@link MetricsRegistry}. */
export function createRegistry(): MetricsRegistry {
  // prom-client's types declare no constructor argument, so the content type is set after construction.
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/** Every metric shopzip records, registered in one registry (docs/operations.md, "Watching it", explains each). */
export interface ShopzipMetrics {
  readonly registry: MetricsRegistry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly exportsStarted: Counter<'mode'>;
  readonly exportsFinished: Counter<'mode' | 'outcome'>;
  readonly exportsInFlight: Gauge<'mode'>;
  readonly exportDuration: Histogram<'mode' | 'outcome'>;
  readonly exportTimeToFirstByte: Histogram<'mode'>;
  readonly rowsWritten: Counter<'format' | 'table'>;
  readonly bytesSent: Counter;
  readonly entryBuildDuration: Histogram<'format'>;
  readonly databaseReadSeconds: Counter<'table'>;
  readonly clientWaitSeconds: Counter;
}

/**
 * Registers shopzip's metrics and the default process metrics in `registry`, which must render OpenMetrics:
 * prom-client keeps exemplars only there (the Prometheus text format is rendered from it, see exposition.ts).
 * Tests pass nothing and get a fresh registry.
 * @throws {TypeError} for a registry of another content type.
 */
export function createMetrics(registry: MetricsRegistry = createRegistry()): ShopzipMetrics {
  if (registry.contentType !== Registry.OPENMETRICS_CONTENT_TYPE) {
    throw new TypeError(`createMetrics needs a registry created with Registry.OPENMETRICS_CONTENT_TYPE (exemplars need it), got ${registry.contentType}`);
  }
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  const registers = [registry];
  const histogram = <T extends string>(name: string, help: string, labelNames: readonly T[]): Histogram<T> =>
    new Histogram<T>({ name, help, labelNames, buckets: [...DURATION_BUCKETS], enableExemplars: true, registers });
  const counter = <T extends string>(name: string, help: string, labelNames: readonly T[]): Counter<T> =>
    new Counter<T>({ name, help, labelNames, registers });
  return {
    registry,
    httpRequestDuration: histogram('shopzip_http_request_duration_seconds',
      'HTTP requests from arrival until the response closed (for a download: until its last byte or abort), by method, route template and status.',
      ['method', 'route', 'status']),
    exportsStarted: counter('shopzip_exports_started_total', 'Export requests that reached the export route, by mode (get or post).', ['mode']),
    exportsFinished: counter('shopzip_exports_finished_total',
      'Export requests that ended, by mode and outcome (ok, client_aborted, failed, rejected).', ['mode', 'outcome']),
    exportsInFlight: new Gauge({ name: 'shopzip_exports_in_flight', help: 'Export requests started and not yet ended, by mode.', labelNames: ['mode'], registers }),
    exportDuration: histogram('shopzip_export_duration_seconds',
      'Exports from the request reaching the export route until the last byte was sent, the client left or it failed, by mode and outcome.',
      ['mode', 'outcome']),
    exportTimeToFirstByte: histogram('shopzip_export_time_to_first_byte_seconds',
      'Exports from the request reaching the export route until the first byte of the ZIP was handed to the response, by mode.', ['mode']),
    rowsWritten: counter('shopzip_export_rows_total', 'Rows written into completed ZIP entries, by format (csv, xlsx) and table (orders, order_items).', ['format', 'table']),
    bytesSent: counter('shopzip_export_bytes_sent_total',
      'ZIP bytes handed to HTTP responses (body only; for an aborted download this may include bytes still buffered when the connection closed).', []),
    entryBuildDuration: histogram('shopzip_export_entry_build_seconds',
      'Completed ZIP entries from opening their source until the archive had written them, by format (csv, xlsx, json); includes time stalled by a slow client.',
      ['format']),
    databaseReadSeconds: counter('shopzip_export_db_read_seconds_total', 'Time spent inside SQLite stepping export cursors, by table.', ['table']),
    clientWaitSeconds: counter('shopzip_export_client_wait_seconds_total',
      'Time export responses waited for their client to take bytes (from a write the socket refused until drain or close).', []),
  };
}

/** Observes `value` in a histogram, with the trace id as exemplar when there is one. */
export function observeWithTrace<T extends string>(histogram: Histogram<T>, labels: LabelValues<T>, value: number, traceId: string | undefined): void {
  // prom-client types exemplar labels as the metric's own labels; exemplars have their own label set.
  const exemplarLabels = (traceId === undefined ? {} : { trace_id: traceId }) as LabelValues<T>;
  histogram.observe({ labels, value, exemplarLabels });
}
