import { EXPORT_REQUEST_SCHEMA } from '../../../export/request-schema.js';
import { BINARY, queryParameters } from '../parameters.js';
import { headers, INTERNAL, problemResponses, type OpenApiObject } from '../responses.js';
import { schemaRef } from '../schemas.js';

const DESCRIPTION = `One ZIP, built while it is sent: for every shop (in slug order) \`{shop}/orders.csv\`, \`{shop}/order_items.csv\`
and \`{shop}/orders.xlsx\` (as \`formats\` asks), then \`manifest.json\`: the normalized request and, for every entry, its
rows, bytes and SHA-256. The whole ZIP reflects one snapshot of the orders database, and the same request over unchanged
data gives the same bytes.

Every problem found before the first byte is answered as a problem document. A failure after it aborts the connection:
the client sees an incomplete transfer, never a clean-looking ZIP that lacks data. The size is not known in advance (no
\`Content-Length\`); for a download that shows its progress and resumes, start an export job
(\`POST /v1/export-jobs\`) instead.`;

const ZIP: OpenApiObject = {
  description: 'The ZIP, streamed while it is built.',
  headers: headers('ContentDisposition', 'NoStore', 'NoBuffering'),
  content: { 'application/zip': { schema: BINARY } },
};

const REFUSALS = {
  400: ['invalid_parameter', 'unknown_parameter'],
  401: ['unauthorized'],
  404: ['unknown_shops'],
  429: ['too_many_requests'],
  500: INTERNAL,
  503: ['source_unavailable', 'shutting_down'],
} as const;

const FORM: OpenApiObject = {
  type: 'object',
  description: 'The fields of the JSON body, as an HTML form sends them (lists comma-separated, `bom` as `true` or `false`), '
    + 'and the token as `access_token` (RFC 6750 §2.2) instead of the `Authorization` header. The page\'s "Download now" '
    + 'posts this form, so that the browser\'s own download manager shows the download.',
  properties: { ...EXPORT_REQUEST_SCHEMA.properties, access_token: { type: 'string', description: 'The API token.' } },
  required: ['shops'],
  additionalProperties: false,
};

/** `GET` and `POST /v1/exports/orders.zip`. */
export const EXPORT_PATHS: OpenApiObject = {
  '/v1/exports/orders.zip': {
    get: {
      operationId: 'downloadExport',
      tags: ['Exports'],
      summary: 'Download an export, streamed as one ZIP',
      description: DESCRIPTION,
      security: [{ bearerToken: [] }],
      parameters: queryParameters(EXPORT_REQUEST_SCHEMA),
      responses: { 200: ZIP, ...problemResponses(REFUSALS) },
    },
    post: {
      operationId: 'downloadExportByPost',
      tags: ['Exports'],
      summary: 'Download an export, streamed as one ZIP (the request as a body)',
      description: `The same export as \`GET\`, for long lists: the request as a JSON body, or as an HTML form.\n\n${DESCRIPTION}`,
      security: [{ bearerToken: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schemaRef('ExportRequest'),
            examples: {
              quarter: { summary: 'Two shops, one quarter', value: { shops: ['acme', 'globex'], from: '2026-01-01', to: '2026-03-31' } },
              csv: { summary: 'CSV only, paid and shipped orders, no BOM', value: { shops: ['acme'], status: ['paid', 'shipped'], formats: ['csv'], bom: false } },
            },
          },
          'application/x-www-form-urlencoded': {
            schema: FORM,
            encoding: Object.fromEntries(['shops', 'status', 'formats'].map((name) => [name, { style: 'form', explode: false }])),
          },
        },
      },
      responses: { 200: ZIP, ...problemResponses({ ...REFUSALS, 413: ['payload_too_large'], 415: ['unsupported_media_type'] }) },
    },
  },
};
