const started = performance.now();

/** A progress line on stderr, stamped with the seconds since the bench started. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}
