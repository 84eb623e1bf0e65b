import type { Context, Next } from 'koa';

/**
 * The page's Content-Security-Policy: scripts, styles, images and requests from shopzip itself only, no inline
 * script or style, no plugin, no other site may frame the page. `frame-src 'self'` admits the hidden frame that
 * receives a synchronous download (web/src/sync-download.ts); `form-action 'self'` the form that starts it.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The API reference's (`/docs`) Content-Security-Policy: the page's, with one addition Swagger UI needs, `data:`
 * images (its stylesheet draws its icons as inline SVG `data:` URLs), and without frames, which it does not use.
 * "Try it out" sends its requests to shopzip itself (`connect-src 'self'`).
 */
export const DOCS_CONTENT_SECURITY_POLICY = PAGE_CONTENT_SECURITY_POLICY
  .replace("img-src 'self'", "img-src 'self' data:")
  .replace("frame-src 'self'", "frame-src 'none'");

/**
 * Headers every response carries: no MIME sniffing (a problem document or a CSV is never run as a script), and no
 * `Referer`, so the page's URLs (a signed download link among them) never leak to another site.
 */
export async function securityHeaders(context: Context, next: Next): Promise<void> {
  context.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  await next();
}
