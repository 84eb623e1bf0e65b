import type { ServerResponse } from 'node:http';
import { ShopzipError } from '../errors.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether the service still takes downloads, and which are in flight, so that a shutdown can let them finish
 * for a grace period before aborting the rest.
 */
export class Lifecycle {
  #accepting = true;
  readonly #downloads = new Set<ServerResponse>();

  /** False once shutdown has begun: readiness fails and new downloads are refused. */
  get accepting(): boolean {
    return this.#accepting;
  }

  /** Downloads whose response is still open. */
  get inFlight(): number {
    return this.#downloads.size;
  }

  /** Counts a download as in flight until its response closes. */
  track(response: ServerResponse): void {
    this.#downloads.add(response);
    response.once('close', () => this.#downloads.delete(response));
  }

  /**
   * Stops admitting downloads, waits up to `graceMs` for the in-flight ones, then aborts those still running.
   * @returns how many finished within the grace period and how many were aborted.
   */
  async drain(graceMs: number): Promise<{ finished: number; aborted: number }> {
    this.#accepting = false;
    const started = this.#downloads.size;
    const deadline = performance.now() + graceMs;
    while (this.#downloads.size > 0 && performance.now() < deadline) await sleep(Math.min(50, graceMs));
    const aborted = this.#downloads.size;
    for (const response of this.#downloads) response.destroy();
    return { finished: started - aborted, aborted };
  }
}

/** Refuses new downloads with 503 once shutdown has begun. */
export function refuseWhenDraining(lifecycle: Lifecycle) {
  return async function draining(_context: unknown, next: () => Promise<unknown>): Promise<void> {
    if (!lifecycle.accepting) {
      throw new ShopzipError('shutting_down', 'the service is shutting down; retry on another instance', { retryAfterSeconds: 5 });
    }
    await next();
  };
}
