type Environment = Readonly<Record<string, string | undefined>>;

/** The OTLP encodings shopzip can send spans in (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Where finished spans go: an OTLP endpoint in one encoding, or stdout. */
export type TraceExporterChoice = { readonly name: 'otlp'; readonly protocol: OtlpProtocol } | { readonly name: 'console' };

/** What the preload starts: no exporters means tracing stays off and nothing is loaded. */
export interface TracingPlan {
  readonly exporters: readonly TraceExporterChoice[];
  /** Settings that were asked for and will not be honoured, one sentence each, for stderr. */
  readonly warnings: readonly string[];
}

/**
 * Variables of the full OpenTelemetry Node SDK that shopzip's tracing does not read, with the only values that get
 * what they ask for anyway.
 */
const UNREAD: Readonly<Record<string, { readonly honoured: readonly string[]; readonly instead: string }>> = {
  OTEL_METRICS_EXPORTER: { honoured: ['none'], instead: 'metrics are served at GET /metrics' },
  OTEL_LOGS_EXPORTER: { honoured: ['none'], instead: 'logs are JSON lines on stdout' },
  OTEL_PROPAGATORS: { honoured: ['tracecontext', 'baggage'], instead: 'W3C trace context and baggage are propagated' },
};

/**
 * Reads the standard `OTEL_*` variables. Tracing is on with an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), or with `OTEL_TRACES_EXPORTER` naming `otlp` or `console`; it is off when
 * `OTEL_TRACES_EXPORTER` is only `none`, and whatever else is set when `OTEL_SDK_DISABLED=true`. The OTLP encoding
 * is `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`.
 */
export function tracingPlan(environment: Environment): TracingPlan {
  if (environment['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return { exporters: [], warnings: [] };
  const listed = listOf(environment['OTEL_TRACES_EXPORTER']);
  const names = listed.filter((name) => name !== 'none');
  const endpoint = [environment['OTEL_EXPORTER_OTLP_ENDPOINT'], environment['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']].some((value) => (value?.trim() ?? '') !== '');
  if (names.length === 0 && (listed.length > 0 || !endpoint)) return { exporters: [], warnings: [] };
  const warnings: string[] = [];
  const exporters = (names.length === 0 ? ['otlp'] : names).flatMap((name): TraceExporterChoice[] => {
    if (name === 'otlp') return [{ name, protocol: otlpProtocol(environment, warnings) }];
    if (name === 'console') return [{ name }];
    warnings.push(`OTEL_TRACES_EXPORTER "${name}" is not supported (otlp, console or none) and is ignored.`);
    return [];
  });
  for (const [variable, { honoured, instead }] of Object.entries(UNREAD)) {
    const unhonoured = listOf(environment[variable]).filter((value) => !honoured.includes(value));
    if (unhonoured.length > 0) warnings.push(`${variable}=${unhonoured.join(',')} is not read by shopzip: ${instead}.`);
  }
  return { exporters, warnings };
}

function otlpProtocol(environment: Environment, warnings: string[]): OtlpProtocol {
  const asked = environment['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']?.trim() || environment['OTEL_EXPORTER_OTLP_PROTOCOL']?.trim() || 'http/protobuf';
  const protocol = OTLP_PROTOCOLS.find((known) => known === asked);
  if (protocol === undefined) warnings.push(`OTLP protocol "${asked}" is not supported (${OTLP_PROTOCOLS.join(', ')}); using http/protobuf.`);
  return protocol ?? 'http/protobuf';
}

/** A comma-separated list, trimmed, without empty items or repeats. */
function listOf(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== ''))];
}
