import {
  context as contexts, createContextKey, isSpanContextValid, propagation, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags,
  type Attributes, type Context, type Span, type Tracer,
} from '@opentelemetry/api';

/** The instrumentation scope of shopzip's own spans. */
export const TRACER_NAME = 'shopzip';

/** The tracer of the global provider: a no-op until the preload has started the SDK (see preload.ts). */
export function defaultTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

// instrumentation-http keeps its server span under this key so that frameworks can name it by route
// (@opentelemetry/core rpc-metadata.ts). createContextKey() is Symbol.for(), so this is the same key.
const RPC_METADATA = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/**
 * The context an export span starts in: the HTTP server span of instrumentation-http when there is one (so the
 * export is its direct child rather than a child of a short Koa middleware span); otherwise the active span;
 * otherwise the request's own `traceparent`, so that an export joins its caller's trace even without the HTTP
 * instrumentation.
 */
export function requestParentContext(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  const active = contexts.active();
  const server = (active.getValue(RPC_METADATA) as { span?: Span } | undefined)?.span;
  if (server !== undefined) return trace.setSpan(active, server);
  if (trace.getSpan(active) !== undefined) return active;
  return propagation.extract(active, headers);
}

/**
 * Starts a span under `parent`, given explicitly: entries, queries and the finalization run in stream callbacks,
 * where the async context is not the export's.
 */
export function startChildSpan(tracer: Tracer, name: string, parent: Span, attributes: Attributes = {}): Span {
  return tracer.startSpan(name, { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
}

/** Marks a span failed: the exception recorded as an event and status ERROR with its message. */
export function recordFailure(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/** The trace id a span belongs to, when it belongs to a real trace. */
export function traceIdOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The trace id of a span that is recorded and sampled, so that its trace will exist: worth an exemplar. */
export function sampledTraceIdOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return span.isRecording() && sampled ? traceIdOf(span) : undefined;
}
