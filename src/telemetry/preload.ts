/**
 * Starts OpenTelemetry tracing before the app is loaded: `node --import ./dist/src/telemetry/preload.js main.js`.
 * Configured only by the standard `OTEL_*` variables, and off (nothing loaded, nothing printed) unless an OTLP
 * endpoint or a traces exporter is set. Metrics and logs stay with prom-client and the logger, so the SDK's
 * metrics and logs exporters default to `none`. See README "Watching it".
 */
import { register } from 'node:module';
import { onTelemetryShutdown } from './shutdown.js';
import { sdkEnvironmentDefaults, tracingRequested } from './tracing-config.js';

if (tracingRequested(process.env)) await startTracing();

async function startTracing(): Promise<void> {
  Object.assign(process.env, sdkEnvironmentDefaults(process.env));
  // import-in-the-middle's loader hook, so that the instrumentations can patch koa and @koa/router (ES modules).
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [{ NodeSDK }, { HttpInstrumentation }, { KoaInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'), import('@opentelemetry/instrumentation-http'), import('@opentelemetry/instrumentation-koa'),
  ]);
  const sdk = new NodeSDK({
    ...(process.env['OTEL_SERVICE_NAME'] === undefined ? { serviceName: 'shopzip' } : {}),
    instrumentations: [new HttpInstrumentation(), new KoaInstrumentation()],
  });
  sdk.start();
  onTelemetryShutdown(() => sdk.shutdown());
}
