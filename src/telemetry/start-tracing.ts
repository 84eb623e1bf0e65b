import { diag, DiagConsoleLogger } from '@opentelemetry/api';
import { diagLogLevelFromString } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter, type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { rememberModuleLoaders } from './module-hooks.js';
import { onTelemetryShutdown } from './shutdown.js';
import type { OtlpProtocol, TraceExporterChoice } from './tracing-config.js';

const DEFAULT_SERVICE_NAME = 'shopzip';

/**
 * Starts tracing with only what it uses: a NodeTracerProvider registered globally with the AsyncLocalStorage context
 * manager and the W3C trace-context and baggage propagators, the HTTP and Koa instrumentations, and one span
 * processor per exporter. Loaded by the preload only when tracing is on. No ESM loader hook: the instrumentations patch
 * what is loaded with `require` after this, so the app requires koa (src/http/koa.ts), and koa requires node:http;
 * once koa is loaded, the app removes the require hook (`endModuleHooks`). The sampler (`OTEL_TRACES_SAMPLER`), the
 * batching (`OTEL_BSP_*`), span limits and the exporters' endpoint, headers, timeout and compression
 * (`OTEL_EXPORTER_OTLP_*`) are read from the environment by the SDK classes themselves.
 */
export async function startTracing(exporters: readonly TraceExporterChoice[]): Promise<void> {
  const logLevel = diagLogLevelFromString(process.env['OTEL_LOG_LEVEL']?.trim() || undefined);
  if (logLevel !== undefined) diag.setLogger(new DiagConsoleLogger(), { logLevel });
  const spanProcessors = await Promise.all(exporters.map(spanProcessorFor));
  rememberModuleLoaders();
  registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new KoaInstrumentation()] });
  const provider = new NodeTracerProvider({ resource: serviceResource(), spanProcessors });
  provider.register();
  onTelemetryShutdown(() => provider.shutdown());
}

/** The SDK's defaults, `service.name` shopzip, the host and the process, then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME over them. */
function serviceResource(): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.name': DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [hostDetector, processDetector, envDetector] }));
}

async function spanProcessorFor(exporter: TraceExporterChoice): Promise<SpanProcessor> {
  if (exporter.name === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
  return new BatchSpanProcessor(await otlpExporter(exporter.protocol));
}

/** Imports only the chosen protocol's exporter: each brings its own serializer or, for gRPC, @grpc/grpc-js. */
async function otlpExporter(protocol: OtlpProtocol): Promise<SpanExporter> {
  switch (protocol) {
    case 'http/protobuf': return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
    case 'http/json': return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
    case 'grpc': return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter();
  }
}
