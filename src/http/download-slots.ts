import { ShopzipError } from '../errors.js';

/** Releases a slot; safe to call more than once. */
export type Release = () => void;

/**
 * Caps downloads streaming at once, in total and per token, so that no caller can starve the others. A slot is
 * held from admission until the response closes.
 */
export class DownloadSlots {
  #total = 0;
  readonly #byToken = new Map<string, number>();

  constructor(private readonly maxTotal: number, private readonly maxPerToken: number, private readonly retryAfterSeconds = 5) {}

  /** Downloads holding a slot now. */
  get inUse(): number {
    return this.#total;
  }

  /**
   * Takes a slot for the token.
   * @throws {ShopzipError} `too_many_requests` (429, with Retry-After) when a cap is reached.
   */
  acquire(tokenId: string): Release {
    const held = this.#byToken.get(tokenId) ?? 0;
    if (held >= this.maxPerToken) {
      throw new ShopzipError('too_many_requests', `this token already has ${held} downloads running; at most ${this.maxPerToken} at once`, { retryAfterSeconds: this.retryAfterSeconds });
    }
    if (this.#total >= this.maxTotal) {
      throw new ShopzipError('too_many_requests', 'the service is at its limit of concurrent downloads; try again shortly', { retryAfterSeconds: this.retryAfterSeconds });
    }
    this.#total += 1;
    this.#byToken.set(tokenId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#byToken.get(tokenId) ?? 1) - 1;
      if (left === 0) this.#byToken.delete(tokenId);
      else this.#byToken.set(tokenId, left);
    };
  }
}
