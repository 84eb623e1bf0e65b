/**
 * Starts OpenTelemetry tracing before the app is loaded: `node --import ./dist/src/telemetry/preload.js main.js`.
 * Configured only by the standard `OTEL_*` variables, and off (nothing loaded, nothing printed) unless an OTLP
 * endpoint or a traces exporter is set. Only tracing is loaded, never the SDK's metrics or logs, and of the OTLP
 * exporters only the one for the protocol asked for. See docs/operations.md, "Watching it".
 */
import { tracingPlan } from './tracing-config.js';

const { exporters, warnings } = tracingPlan(process.env);
for (const warning of warnings) process.stderr.write(`shopzip tracing: ${warning}\n`);
if (exporters.length > 0) {
  const { startTracing } = await import('./start-tracing.js');
  await startTracing(exporters);
}
