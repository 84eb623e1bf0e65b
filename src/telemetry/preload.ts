/**
 * Starts OpenTelemetry tracing before the app is loaded: `node --import ./dist/src/telemetry/preload.js main.js`.
 * Configured only by the standard `OTEL_*` variables, and off (nothing loaded, nothing printed) unless an OTLP
 * endpoint or a traces exporter is set. Metrics and logs stay with prom-client and the logger, so the SDK's
 * metrics and logs exporters default to `none`. See README "Watching it".
 */
import { register } from 'node:module';
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
  flushOnSignals(() => sdk.shutdown());
}

/**
 * main.ts drains the downloads on SIGTERM or SIGINT, then calls process.exit(), which would drop the spans still
 * batched. After such a signal, process.exit() first shuts the SDK down (flushing them), for at most 5 s. Should
 * the app not handle the signal (it is still starting), the signal keeps its default effect, after the flush.
 */
function flushOnSignals(shutdown: () => Promise<void>): void {
  const flushed = async (): Promise<void> => {
    // Spans whose end is already scheduled (an export span ends in a setImmediate after its response closed) end
    // first: a span ended after the shutdown began is dropped.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.race([shutdown().catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) === 0) {
      void flushed().then(() => process.kill(process.pid, signal));
      return;
    }
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => void flushed().then(() => exit(code))) as typeof process.exit;
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
