import type { ErrorCode } from '../../errors.js';
import type { JsonSchema } from '../../schema/json-schema.js';
import { PROBLEM_EXAMPLES } from './examples.js';
import { schemaRef } from './schemas.js';

/** An OpenAPI object (path item, operation, response ...): plain JSON. */
export type OpenApiObject = JsonSchema;

/** A response header: its field name, and its OpenAPI header object. */
interface HeaderComponent {
  readonly field: string;
  readonly object: OpenApiObject;
}

function header(field: string, description: string, schema: JsonSchema, required = true): HeaderComponent {
  return { field, object: { description, required, schema: { type: 'string', ...schema } } };
}

/** The response headers the document names, by component name. */
export const HEADERS = {
  XContentTypeOptions: header('X-Content-Type-Options', 'Every response: no MIME sniffing.', { const: 'nosniff' }),
  ReferrerPolicy: header('Referrer-Policy', 'Every response: no `Referer` to other sites (a signed link in a URL never leaks).', { const: 'no-referrer' }),
  NoStore: header('Cache-Control', 'Not to be cached.', { const: 'no-store' }),
  RetryAfter: header('Retry-After', 'Seconds to wait before trying again (also `retry_after_seconds`).', { pattern: '^[0-9]+$' }),
  RetryAfterSometimes: header('Retry-After', 'Seconds to wait before trying again: with `shutting_down`, and with '
    + '`source_unavailable` when every connection to the orders database is in use (`SHOPZIP_SOURCE_POOL_MAX`).', { pattern: '^[0-9]+$' }, false),
  WwwAuthenticate: header('WWW-Authenticate', 'The scheme to authenticate with.', { const: 'Bearer realm="shopzip"' }),
  ContentDisposition: header('Content-Disposition', '`attachment` with an ASCII `filename` and the exact UTF-8 `filename*` (RFC 6266, '
    + 'RFC 8187), e.g. `attachment; filename="orders_acme-globex_2026-01-01_2026-03-31.zip"; '
    + 'filename*=UTF-8\'\'orders_acme-globex_2026-01-01_2026-03-31.zip`.', { pattern: '^attachment; filename="[^"]*"; filename\\*=UTF-8\'\'' }),
  Pragma: header('Pragma', 'For HTTP/1.0 caches: not to be cached.', { const: 'no-cache' }),
  NoBuffering: header('X-Accel-Buffering', 'Tells a proxy (nginx) to pass the bytes on as they come.', { const: 'no' }),
  Location: header('Location', 'The job\'s path.', { pattern: '^/v1/export-jobs/job_[A-Za-z0-9_-]{22}$' }),
  IdempotentReplayed: header('Idempotent-Replayed', 'The job is the one an earlier request with this `Idempotency-Key` created.', { const: 'true' }),
  ETag: header('ETag', 'Strong entity tag: the artifact\'s SHA-256, quoted (the same whichever URL serves it).', { pattern: '^"[0-9a-f]{64}"$' }),
  LastModified: header('Last-Modified', 'When the artifact was written (an HTTP date).', {}),
  ReprDigest: header('Repr-Digest', 'RFC 9530 digest of the whole artifact: `sha-256=:<base64>:`.', { pattern: '^sha-256=:[A-Za-z0-9+/]{43}=:$' }),
  AcceptRanges: header('Accept-Ranges', 'Single byte ranges are served.', { const: 'bytes' }),
  DownloadCacheControl: header('Cache-Control', 'A browser may keep it, and revalidates it before use.', { const: 'private, no-cache' }),
  ContentLength: header('Content-Length', 'Bytes of the body (for `HEAD`: what a `GET` would send).', { pattern: '^[0-9]+$' }),
  ContentRange: header('Content-Range', 'The range sent: `bytes FIRST-LAST/LENGTH`.', { pattern: '^bytes [0-9]+-[0-9]+/[0-9]+$' }),
  UnsatisfiedRange: header('Content-Range', '`bytes */LENGTH`: the length of the whole artifact.', { pattern: '^bytes \\*/[0-9]+$' }),
  Revalidate: header('Cache-Control', 'Revalidated before use (with its `ETag`), so that a new version shows at once.', { const: 'no-cache' }),
  PageEtag: header('ETag', 'Strong entity tag of the file.', { pattern: '^"[A-Za-z0-9_-]+"$' }),
  ContentSecurityPolicy: header('Content-Security-Policy', 'What the page may load: only shopzip\'s own files, no inline script.', {}),
} satisfies Record<string, HeaderComponent>;

export type HeaderName = keyof typeof HEADERS;

/** The headers of a response: the two every response carries, and `names`. */
export function headers(...names: HeaderName[]): OpenApiObject {
  const all: HeaderName[] = ['XContentTypeOptions', 'ReferrerPolicy', ...names];
  return Object.fromEntries(all.map((name) => [HEADERS[name].field, { $ref: `#/components/headers/${name}` }]));
}

/** A JSON response with the given schema and named examples. */
export function jsonResponse(description: string, schema: JsonSchema, examples: Record<string, unknown>, ...names: HeaderName[]): OpenApiObject {
  return {
    description,
    headers: headers('NoStore', ...names),
    content: { 'application/json': { schema, examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])) } },
  };
}

/** Codes answered with `Retry-After` always, and one answered with it sometimes (every source connection in use). */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['too_many_requests', 'too_many_jobs', 'shutting_down']);
const SOMETIMES_RETRYABLE: ReadonlySet<ErrorCode> = new Set(['source_unavailable']);

/** The problem-document responses of an operation: for each status, the codes it may carry. */
export function problemResponses(byStatus: Readonly<Record<number, readonly ErrorCode[]>>): Record<string, OpenApiObject> {
  return Object.fromEntries(Object.entries(byStatus).map(([status, codes]) => [status, problemResponse(Number(status), codes)]));
}

function problemResponse(status: number, codes: readonly ErrorCode[]): OpenApiObject {
  const retry = codes.filter((code) => RETRYABLE.has(code));
  const names: HeaderName[] = ['NoStore'];
  if (status === 401) names.push('WwwAuthenticate');
  if (retry.length > 0 && retry.length === codes.length) names.push('RetryAfter');
  else if (codes.some((code) => RETRYABLE.has(code) || SOMETIMES_RETRYABLE.has(code))) names.push('RetryAfterSometimes');
  const examples = codes.flatMap((code) => (PROBLEM_EXAMPLES[code] === undefined ? [] : [[code, { value: PROBLEM_EXAMPLES[code] }]]));
  return {
    description: `A problem document: ${codes.map((code) => `\`${code}\``).join(' or ')}.`,
    headers: headers(...names),
    content: {
      'application/problem+json': {
        schema: { allOf: [schemaRef('Problem'), { type: 'object', properties: { status: { const: status }, code: { enum: [...codes] } } }] },
        ...(examples.length === 0 ? {} : { examples: Object.fromEntries(examples) }),
      },
    },
  };
}

/** Every API operation may fail unexpectedly: the error is logged, the client gets this. */
export const INTERNAL: readonly ErrorCode[] = ['internal'];
