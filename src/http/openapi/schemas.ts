import { ERROR_CATALOG } from '../../errors.js';
import { EXPORT_REQUEST_SCHEMA, FORMATS, ORDER_STATUSES, SHOP_SLUG_SCHEMA } from '../../export/request-schema.js';
import { JOB_STATES } from '../../jobs/job.js';
import type { JsonSchema } from '../../schema/json-schema.js';

/** The names of the component schemas. */
export type SchemaName = 'ExportRequest' | 'NormalizedRequest' | 'Problem' | 'Job' | 'JobProgress' | 'Artifact' | 'JobPage' | 'ShopList' | 'Shop';

/** A reference to a component schema of the document. */
export function schemaRef(name: SchemaName): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
const instant = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });
const nullableInstant = (description: string): JsonSchema => ({ type: ['string', 'null'], format: 'date-time', description });

const PROBLEM: JsonSchema = {
  type: 'object',
  title: 'Problem',
  description: 'An RFC 9457 problem document (`application/problem+json`). It never holds a stack trace, SQL or a file '
    + 'path. Its extension members are snake_case, like the rest of the API: `code` always; `parameter` when one request '
    + 'parameter (or `body`, or a header) is at fault; `shops` for unknown shops; `retry_after_seconds` beside a '
    + '`Retry-After` header; `sql_state` when PostgreSQL failed.\n\n| code | status | title |\n|---|---|---|\n'
    + ERROR_CATALOG.map(({ code, status, title }) => `| \`${code}\` | ${status} | ${title} |`).join('\n'),
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: { type: 'string', pattern: '^urn:shopzip:problem:[a-z_]+$', description: '`urn:shopzip:problem:` and the code.' },
    title: { type: 'string', description: 'A short, fixed summary of the code.' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong with this request, in words; names the parameter at fault.' },
    instance: { type: 'string', description: 'The path of the request (of the job, for a failed job\'s `error`).' },
    code: { type: 'string', enum: ERROR_CATALOG.map(({ code }) => code) },
    parameter: { type: 'string', description: 'The parameter, body or header at fault.' },
    shops: { type: 'array', items: { type: 'string' }, description: 'The shops that do not exist or that the token may not read.' },
    retry_after_seconds: { type: 'integer', minimum: 1, description: 'When to try again: the `Retry-After` header, in seconds.' },
    sql_state: { type: 'string', pattern: '^[0-9A-Z]{5}$', description: 'The SQLSTATE of the PostgreSQL error that made the orders database unavailable.' },
  },
  additionalProperties: false,
};

const NORMALIZED_REQUEST: JsonSchema = {
  type: 'object',
  title: 'Normalized export request',
  description: 'An export request as the service read it (as `manifest.json` shows it): shops sorted without duplicates, '
    + 'a date bound as given, an instant in UTC, and every default filled in.',
  required: ['shops', 'from', 'to', 'status', 'formats', 'bom'],
  properties: {
    shops: { type: 'array', items: SHOP_SLUG_SCHEMA },
    from: { type: ['string', 'null'] },
    to: { type: ['string', 'null'] },
    status: nullable({ type: 'array', items: { type: 'string', enum: [...ORDER_STATUSES] } }),
    formats: { type: 'array', items: { type: 'string', enum: [...FORMATS] } },
    bom: { type: 'boolean' },
  },
  additionalProperties: false,
};

const PROGRESS: JsonSchema = {
  type: 'object',
  title: 'Job progress',
  description: 'How far the job is. The totals are counted in the export\'s own snapshot when it starts, so `percent` is exact.',
  required: ['entries_done', 'entries_total', 'rows_done', 'rows_total', 'bytes_written', 'percent', 'eta_seconds'],
  properties: {
    entries_done: count('ZIP entries written.'),
    entries_total: { type: ['integer', 'null'], minimum: 0, description: 'ZIP entries in all; null until the job has started.' },
    rows_done: count('Rows written (an order and its lines count once per file that holds them).'),
    rows_total: { type: ['integer', 'null'], minimum: 0, description: 'Rows in all; null until the job has started.' },
    bytes_written: count('Bytes of the ZIP written so far.'),
    percent: { type: 'number', minimum: 0, maximum: 100, description: 'Rows written of rows in all, with one decimal; 100 once succeeded.' },
    eta_seconds: { type: ['integer', 'null'], minimum: 0, description: 'Seconds left at the pace so far, while running; 0 once succeeded; else null.' },
  },
  additionalProperties: false,
};

const ARTIFACT: JsonSchema = {
  type: 'object',
  title: 'Artifact',
  description: 'The ZIP of a succeeded job: byte for byte the synchronous download of the same request over the same data.',
  required: ['bytes', 'sha256', 'etag', 'download_url', 'download_url_expires_at'],
  properties: {
    bytes: count('Size of the ZIP.'),
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the whole ZIP.' },
    etag: { type: 'string', pattern: '^"[0-9a-f]{64}"$', description: 'The download\'s strong `ETag`: the SHA-256, quoted.' },
    download_url: {
      type: 'string', format: 'uri',
      description: 'A signed link that needs no token (`expires` and `signature` in its query); a fresh one with every `GET` of the job.',
    },
    download_url_expires_at: instant('When the link stops working (`SHOPZIP_DOWNLOAD_URL_TTL_SECONDS` after it was made).'),
  },
  additionalProperties: false,
};

const JOB: JsonSchema = {
  type: 'object',
  title: 'Export job',
  description: 'An export job. States: `queued` → `running` → `succeeded` | `failed` | `cancelled`; `succeeded` → `expired` '
    + 'when its file is removed, `SHOPZIP_JOB_TTL_HOURS` after it finished. Absent facts are null, so the shape never changes.',
  required: ['id', 'state', 'request', 'created_at', 'started_at', 'finished_at', 'expires_at', 'progress', 'artifact', 'error', 'trace_id'],
  properties: {
    id: { type: 'string', pattern: '^job_[A-Za-z0-9_-]{22}$', description: 'Unguessable and URL-safe.' },
    state: { type: 'string', enum: [...JOB_STATES] },
    request: schemaRef('NormalizedRequest'),
    created_at: instant('When the job was created.'),
    started_at: nullableInstant('When its latest run started.'),
    finished_at: nullableInstant('When it finished.'),
    expires_at: nullableInstant('When its file is removed (succeeded), or its record (failed, cancelled).'),
    progress: schemaRef('JobProgress'),
    artifact: { ...nullable(schemaRef('Artifact')), description: 'The ZIP, once succeeded; else null.' },
    error: { ...nullable(schemaRef('Problem')), description: 'What went wrong, once failed; else null.' },
    trace_id: { type: ['string', 'null'], pattern: '^[0-9a-f]{32}$', description: 'The trace of its latest run, when tracing is on.' },
  },
  additionalProperties: false,
};

/** The component schemas: requests, resources and the problem document. */
export const SCHEMAS = {
  ExportRequest: EXPORT_REQUEST_SCHEMA,
  NormalizedRequest: NORMALIZED_REQUEST,
  Problem: PROBLEM,
  Job: JOB,
  JobProgress: PROGRESS,
  Artifact: ARTIFACT,
  JobPage: {
    type: 'object',
    title: 'A page of jobs',
    required: ['jobs', 'next_cursor'],
    properties: {
      jobs: { type: 'array', items: schemaRef('Job'), description: 'Newest first.' },
      next_cursor: { type: ['string', 'null'], description: 'Pass it as `cursor` for the next page; null on the last page.' },
    },
    additionalProperties: false,
  },
  ShopList: {
    type: 'object',
    title: 'Shops',
    required: ['shops'],
    properties: { shops: { type: 'array', items: schemaRef('Shop'), description: 'In slug order.' } },
    additionalProperties: false,
  },
  Shop: {
    type: 'object',
    title: 'Shop',
    required: ['slug', 'name', 'currency', 'time_zone'],
    properties: {
      slug: SHOP_SLUG_SCHEMA,
      name: { type: 'string' },
      currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code; money in its exports has this currency\'s minor digits.' },
      time_zone: { type: 'string', description: 'IANA time zone: dates in a request, and times in its exports, are this shop\'s local ones.' },
    },
    additionalProperties: false,
  },
} satisfies Record<SchemaName, JsonSchema>;
