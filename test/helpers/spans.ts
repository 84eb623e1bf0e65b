import { propagation, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';

export type FinishedSpan = ReadableSpan;

/** A tracer whose finished spans stay in memory, for the app under test (see startApp's `tracer`). */
export interface SpanRecorder {
  readonly tracer: Tracer;
  /** Spans ended so far, in the order they ended. */
  finished(): FinishedSpan[];
  reset(): void;
  close(): Promise<void>;
}

/** A recorder with its own provider: nothing global is touched. */
export function recordSpans(): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer('shopzip'),
    finished: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    close: () => provider.shutdown(),
  };
}

/**
 * Makes `traceparent` headers count, as the SDK's default W3C propagator does in production; returns the undo.
 * In tests there is no HTTP server span, so the export span's parent comes from the header.
 */
export function useW3CTraceContext(): () => void {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return () => propagation.disable();
}

export const spanId = (span: FinishedSpan): string => span.spanContext().spanId;
export const traceIdOf = (span: FinishedSpan): string => span.spanContext().traceId;
export const parentId = (span: FinishedSpan): string | undefined => span.parentSpanContext?.spanId;

/** The spans of one name, in the order they ended. */
export function named(spans: readonly FinishedSpan[], name: string): FinishedSpan[] {
  return spans.filter((span) => span.name === name);
}

/** The children of a span, in the order they ended. */
export function childrenOf(spans: readonly FinishedSpan[], parent: FinishedSpan): FinishedSpan[] {
  return spans.filter((span) => parentId(span) === spanId(parent));
}
