import type { Context } from 'koa';
import { JOB_STATES, type JobState } from '../jobs/job.js';
import type { ListQuery } from '../jobs/job-store.js';
import type { JsonSchema, ParametersSchema } from '../schema/json-schema.js';
import { parametersValidator } from '../schema/parameters-validator.js';
import { fromQuery, type QueryValues } from '../schema/query-values.js';

/** The query of `GET /v1/export-jobs`, validated with this schema and shown by the OpenAPI document. */
export const JOB_LIST_QUERY_SCHEMA: ParametersSchema = {
  type: 'object',
  properties: {
    state: {
      type: 'array',
      title: 'job states',
      description: 'Only jobs in these states (comma-separated). All states when absent or empty.',
      items: { type: 'string', enum: [...JOB_STATES] },
      examples: [['succeeded', 'failed']],
    },
    limit: { type: 'integer', title: 'page size', description: 'How many jobs a page holds at most.', minimum: 1, maximum: 100, default: 20 },
    cursor: {
      type: 'string',
      title: 'a cursor this service gave',
      description: 'Where the page starts: `next_cursor` of the previous page, as it is. The first page when absent.',
    },
  },
  additionalProperties: false,
};

/** The optional `Idempotency-Key` header of `POST /v1/export-jobs`. */
export const IDEMPOTENCY_KEY_SCHEMA: JsonSchema = {
  type: 'string',
  title: '1-255 visible ASCII characters',
  pattern: '^[\\x21-\\x7e]{1,255}$',
  examples: ['finance-2026-q1'],
};

const IDEMPOTENCY_SCHEMA: ParametersSchema = { type: 'object', properties: { 'Idempotency-Key': IDEMPOTENCY_KEY_SCHEMA }, additionalProperties: false };

const validateListQuery = parametersValidator(JOB_LIST_QUERY_SCHEMA);
const validateIdempotencyKey = parametersValidator(IDEMPOTENCY_SCHEMA);

/**
 * The list query of a request; an empty value means the parameter's default.
 * @throws {ShopzipError} `unknown_parameter`, or `invalid_parameter` naming the parameter.
 */
export function listQueryOf(query: Context['query']): ListQuery {
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '')) as QueryValues;
  const values = fromQuery(given, JOB_LIST_QUERY_SCHEMA);
  validateListQuery(values);
  const { state, limit, cursor } = values as { state?: JobState[]; limit?: number; cursor?: string };
  return { states: state === undefined || state.length === 0 ? null : state, limit: limit ?? 20, cursor: cursor ?? null };
}

/**
 * The request's `Idempotency-Key`, null when it has none.
 * @throws {ShopzipError} `invalid_parameter` (`Idempotency-Key`) when it is malformed.
 */
export function idempotencyKeyOf(context: Context): string | null {
  const key = context.get('Idempotency-Key');
  if (key === '') return null;
  validateIdempotencyKey({ 'Idempotency-Key': key });
  return key;
}
