import { EXAMPLES } from '../examples.js';
import { headers, INTERNAL, jsonResponse, problemResponses, type HeaderName, type OpenApiObject } from '../responses.js';
import { schemaRef } from '../schemas.js';

const HEALTH: OpenApiObject = {
  type: 'object', required: ['status'], properties: { status: { const: 'ok' } }, additionalProperties: false,
};

const READINESS: OpenApiObject = {
  type: 'object',
  required: ['status', 'accepting'],
  properties: {
    status: { enum: ['ready', 'not ready'] },
    accepting: { type: 'boolean', description: 'False once shutdown has begun.' },
  },
  additionalProperties: false,
};

/** Where `SHOPZIP_OPS_PORT` is set, health, readiness and metrics are served on that port, and not here. */
const MOVED = problemResponses({ 404: ['not_found'] });

const operations = (tag: string, operationId: string, summary: string, description: string, responses: OpenApiObject, security: unknown[] = []): OpenApiObject =>
  ({ get: { operationId, tags: [tag], summary, description, security, responses } });

/** `GET /v1/shops`, health, readiness and metrics. */
export const SERVICE_PATHS: OpenApiObject = {
  '/v1/shops': operations('Shops', 'listShops', 'The shops the token may read',
    'In slug order, with the currency and time zone that its exports use. A shop outside the token\'s scope is not listed.', {
      200: jsonResponse('The shops.', schemaRef('ShopList'), { shops: EXAMPLES['shops'] }),
      ...problemResponses({ 401: ['unauthorized'], 500: INTERNAL, 503: ['source_unavailable'] }),
    }, [{ bearerToken: [] }]),
  '/healthz': operations('Operations', 'health', 'Liveness', '`200` while the process runs. Served on `SHOPZIP_OPS_PORT` instead, when set.', {
    200: jsonResponse('Alive.', HEALTH, { ok: EXAMPLES['health'] }),
    ...MOVED,
  }),
  '/readyz': operations('Operations', 'readiness', 'Readiness',
    '`200` while downloads are accepted and a connection to the orders database can be had (SQLite: the file opens; '
    + 'PostgreSQL: a new connection answers, tried at most once a second); `503` otherwise, and as soon as shutdown '
    + 'begins. Served on `SHOPZIP_OPS_PORT` instead, when set.', {
      200: jsonResponse('Ready.', READINESS, { ready: EXAMPLES['ready'] }),
      503: jsonResponse('Not ready: shutting down, or no connection to the orders database can be had.', READINESS, { draining: EXAMPLES['notReady'] }),
      ...MOVED,
    }),
  '/metrics': operations('Operations', 'metrics', 'Prometheus metrics',
    'The Prometheus text format 0.0.4; OpenMetrics 1.0 with exemplars (trace ids of recent exports) when the scraper accepts '
    + '`application/openmetrics-text`. Behind `SHOPZIP_METRICS_TOKEN` when set; on `SHOPZIP_OPS_PORT` instead, when set.', {
      200: {
        description: 'The metrics.',
        headers: headers('NoStore'),
        content: {
          'text/plain': { schema: { type: 'string' }, example: EXAMPLES['metrics'] },
          'application/openmetrics-text': { schema: { type: 'string' } },
        },
      },
      ...problemResponses({ 401: ['unauthorized'], 404: ['not_found'], 500: INTERNAL }),
    }, [{}, { metricsToken: [] }]),
};

/** A file of the page or of the API reference: `200` with the file, `304`, or `404` when it has not been built. */
function staticFile(operationId: string, summary: string, types: readonly string[], csp = true, built = true): OpenApiObject {
  const names: HeaderName[] = ['PageEtag', 'Revalidate', ...(csp ? ['ContentSecurityPolicy' as const] : [])];
  return operations('Page and reference', operationId, summary, 'Served by shopzip itself: built by `npm run build`, or installed by `npm ci`.', {
    200: { description: 'The file.', headers: headers(...names), content: Object.fromEntries(types.map((type) => [type, { schema: { type: type.endsWith('json') ? 'object' : 'string' } }])) },
    304: { description: 'Not modified: the `If-None-Match` holds.', headers: headers(...names) },
    ...(built ? problemResponses({ 404: ['not_found'] }) : {}),
  });
}

/** The web page, its files, the API reference and this document. */
export const PAGE_PATHS: OpenApiObject = {
  '/': staticFile('page', 'The web page: start exports, follow them, download them', ['text/html']),
  '/app.js': staticFile('pageScript', 'The page\'s script', ['text/javascript']),
  '/app.js.map': staticFile('pageScriptMap', 'The source map of the page\'s script', ['application/json']),
  '/app.css': staticFile('pageStyles', 'The page\'s styles', ['text/css']),
  '/favicon.svg': staticFile('pageIcon', 'The page\'s icon', ['image/svg+xml']),
  '/docs': staticFile('reference', 'This API reference, rendered by Swagger UI', ['text/html']),
  '/docs/{file}': {
    parameters: [{ name: 'file', in: 'path', required: true, schema: { enum: ['swagger-ui.css', 'swagger-ui-bundle.js', 'docs.js'] } }],
    ...staticFile('referenceFile', 'The files of the API reference', ['text/css', 'text/javascript']),
  },
  '/openapi.json': staticFile('openApiDocument', 'This OpenAPI document', ['application/json'], false, false),
};
