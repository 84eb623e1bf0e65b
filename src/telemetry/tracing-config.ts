type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Whether the environment asks for traces: an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), or `OTEL_TRACES_EXPORTER` naming an exporter other than `none`.
 * `OTEL_SDK_DISABLED=true` turns tracing off whatever else is set.
 */
export function tracingRequested(environment: Environment): boolean {
  if (environment['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  const set = (name: string): boolean => (environment[name]?.trim() ?? '') !== '';
  const exporters = (environment['OTEL_TRACES_EXPORTER'] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  return set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') || exporters.some((name) => name !== 'none');
}

/** Defaults for the SDK: metrics and logs stay with prom-client and the logger unless asked otherwise. */
export function sdkEnvironmentDefaults(environment: Environment): Record<string, string> {
  const defaults: Record<string, string> = {};
  if (environment['OTEL_METRICS_EXPORTER'] === undefined) defaults['OTEL_METRICS_EXPORTER'] = 'none';
  if (environment['OTEL_LOGS_EXPORTER'] === undefined) defaults['OTEL_LOGS_EXPORTER'] = 'none';
  return defaults;
}
