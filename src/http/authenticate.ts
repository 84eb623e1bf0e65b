import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Principal, TokenStore } from '../auth/token-store.js';
import { invalidParameter, ShopzipError } from '../errors.js';
import { formTokenOf } from './form-body.js';

const BEARER = /^Bearer +([^\s]+) *$/i;

/** The verified principal of a request that passed {@link authenticate}. */
export function principalOf(context: Context): Principal {
  const principal = (context.state as { principal?: Principal }).principal;
  if (principal === undefined) throw new Error('authenticate() must run before this handler');
  return principal;
}

/**
 * Requires `Authorization: Bearer <token>` (or, in a form read by `acceptForm`, `access_token`) with a valid,
 * unrevoked token; answers 401 with `WWW-Authenticate` otherwise, saying no more than that the token was missing
 * or not accepted.
 * @throws {ShopzipError} 400 (`access_token`) when a request sends both.
 */
export function authenticate(tokens: TokenStore) {
  return async function bearer(context: Context, next: Next): Promise<void> {
    const header = context.get('Authorization');
    const formToken = formTokenOf(context);
    if (header !== '' && formToken !== undefined) throw invalidParameter('access_token', 'send the token once: in the Authorization header or as access_token');
    if (header === '' && formToken === undefined) throw new ShopzipError('unauthorized', 'send an API token: Authorization: Bearer <token>');
    const token = formToken ?? BEARER.exec(header)?.[1];
    const principal = token === undefined ? null : tokens.verify(token);
    if (principal === null) throw new ShopzipError('unauthorized', 'the API token is not valid');
    (context.state as { principal?: Principal }).principal = principal;
    await next();
  };
}

/** Whether an `Authorization` header carries exactly this bearer secret (compared in constant time). */
export function bearerMatches(header: string, secret: string): boolean {
  const given = BEARER.exec(header)?.[1] ?? '';
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret)) && given !== '';
}
