import type { Context, Next } from 'koa';
import { problemOf, ShopzipError } from '../errors.js';
import type { Logger } from '../log.js';

export { problemOf };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Answers every error thrown before the response has started as a problem document, and so a path no route serves
 * (404) or a method it does not take (405, with the routers' `Allow`). Errors that are not a
 * {@link ShopzipError} become a bare 500 and are logged with their stack; the client learns nothing of them.
 */
export function problemMiddleware(logger: Logger) {
  return async function problems(context: Context, next: Next): Promise<void> {
    try {
      await next();
      if (context.status === 404 && context.body === undefined) {
        throw new ShopzipError('not_found', `no resource at ${context.path}`);
      }
      // The routers answer another method on a known path with 405 (501 for a method HTTP does not know) and `Allow`.
      if ((context.status === 405 || context.status === 501) && context.body === undefined) {
        throw new ShopzipError('method_not_allowed', `${context.method} is not allowed here; allowed: ${context.response.get('Allow')}`);
      }
    } catch (caught) {
      if (context.headerSent) throw caught;
      const error = caught instanceof ShopzipError ? caught : internalError(caught, logger, context);
      context.status = error.status;
      context.type = PROBLEM_CONTENT_TYPE;
      context.set('Cache-Control', 'no-store');
      if (error.details.retryAfterSeconds !== undefined) context.set('Retry-After', String(error.details.retryAfterSeconds));
      if (error.code === 'unauthorized') context.set('WWW-Authenticate', 'Bearer realm="shopzip"');
      context.body = problemOf(error, context.path);
    }
  };
}

function internalError(caught: unknown, logger: Logger, context: Context): ShopzipError {
  const status = (caught as { status?: unknown }).status;
  if (typeof status === 'number' && status === 413) {
    return new ShopzipError('payload_too_large', 'the request body is too large', { parameter: 'body' });
  }
  logger.error({ err: caught, method: context.method, path: context.path }, 'request failed');
  return new ShopzipError('internal', 'the request failed; the error has been logged');
}
