import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signed download link's query and when it stops working. */
export interface SignedLink {
  /** `expires=<unix seconds>&signature=<base64url HMAC>` */
  readonly query: string;
  readonly expiresAt: Date;
}

/** What a presented link is worth. */
export type LinkCheck = 'valid' | 'invalid' | 'expired';

/**
 * Signed download links: an HMAC-SHA256 with the server's key over the job id and the link's expiry, so that a
 * link works without a token, for one job, until it expires. Checked in constant time.
 */
export class DownloadLinks {
  constructor(private readonly key: Buffer, private readonly ttlSeconds: number) {
    if (key.length < 16) throw new RangeError('a signing key needs at least 16 bytes');
  }

  /** A link for the job, valid for the configured time from `now`. */
  sign(jobId: string, now: number): SignedLink {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return { query: `expires=${expires}&signature=${this.#mac(jobId, String(expires)).toString('base64url')}`, expiresAt: new Date(expires * 1000) };
  }

  /** Checks a link's `expires` and `signature` for the job; `expired` only when the signature is right. */
  check(jobId: string, expires: string, signature: string, now: number): LinkCheck {
    if (!/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return 'invalid';
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#mac(jobId, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 <= now ? 'expired' : 'valid';
  }

  #mac(jobId: string, expires: string): Buffer {
    return createHmac('sha256', this.key).update(`${jobId}\n${expires}`, 'utf8').digest();
  }
}
