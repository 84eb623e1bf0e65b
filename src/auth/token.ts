import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens read `szt_<id>_<secret>`: the id finds the stored hash, the secret is compared in constant time. */
const TOKEN = /^szt_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface TokenParts {
  readonly id: string;
  readonly secret: string;
}

/** A fresh token: a random id and a 256-bit random secret. */
export function generateToken(): TokenParts & { readonly token: string } {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `szt_${id}_${secret}` };
}

/** The id and secret of a well-formed token, or null. */
export function parseToken(token: string): TokenParts | null {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** The stored form of a secret: its SHA-256 (secrets are 256 random bits, so no slow hash is needed). */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Whether `secret` hashes to `storedHash`, in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}
