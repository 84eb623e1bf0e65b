let flush: (() => Promise<void>) | undefined;

/** Registers how to flush and stop tracing (the preload does, when it started the SDK). */
export function onTelemetryShutdown(hook: () => Promise<void>): void {
  flush = hook;
}

/**
 * Flushes the spans still batched and stops tracing, for at most `timeoutMs`; a no-op when tracing is off.
 * Waits a moment first: an export span ends in a `setImmediate` after its response closed, and a span that ends
 * after the shutdown began is dropped.
 */
export async function shutdownTelemetry(timeoutMs = 5000): Promise<void> {
  if (flush === undefined) return;
  await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.race([flush().catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
