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
 * Headers every response carries: no MIME sniffing (a problem document or a CSV is never run as a script), and no
 * `Referer`, so the page's URLs (a signed download link among them) never leak to another site.
 */
export async function securityHeaders(context: Context, next: Next): Promise<void> {
  context.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  await next();
}
