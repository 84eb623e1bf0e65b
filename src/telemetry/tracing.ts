import {
  context as contexts, createContextKey, isSpanContextValid, propagation, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags,
  type Attributes, type Context, type Span, type SpanContext, type Tracer,
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

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` of the span active in `context`, to link to it later (a job's run); null without one. */
export function traceparentOf(context: Context): string | null {
  const spanContext = trace.getSpanContext(context);
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return null;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${spanContext.traceFlags.toString(16).padStart(2, '0')}`;
}

/** The span context a `traceparent` from {@link traceparentOf} names, as the target of a span link. */
export function spanContextOf(traceparent: string | null): SpanContext | undefined {
  const match = traceparent === null ? null : TRACEPARENT.exec(traceparent);
  if (match === null) return undefined;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}
