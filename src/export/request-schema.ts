import type { JsonSchema, ParametersSchema } from '../schema/json-schema.js';
import { DATE_BOUND_PATTERN } from './date-bound.js';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export const FORMATS = ['csv', 'xlsx'] as const;

/** One shop, by its slug. */
export const SHOP_SLUG_SCHEMA: JsonSchema = {
  type: 'string',
  title: 'a shop slug: 1-64 characters of a-z, 0-9 and -',
  pattern: '^[a-z0-9-]{1,64}$',
  examples: ['acme'],
};

function dateBound(description: string, example: string): JsonSchema {
  return {
    type: 'string',
    title: 'a date (YYYY-MM-DD) or an RFC 3339 timestamp with offset (2026-01-01T00:00:00Z)',
    description: `${description} A date (\`YYYY-MM-DD\`) means that calendar day in each shop's own time zone; an RFC 3339 `
      + 'timestamp with an offset (`2026-01-01T00:00:00Z`, `2026-01-01T09:00:00+09:00`) is an exact instant. It must exist '
      + '(no `2026-02-30`, no `24:00`), and `from` must not come after `to`. With `SHOPZIP_MAX_SPAN_DAYS` set, both '
      + 'bounds are required and may be at most that many days apart.',
    pattern: DATE_BOUND_PATTERN,
    examples: [example],
  };
}

/**
 * The parameters of an export, as `POST /v1/exports/orders.zip` and `POST /v1/export-jobs` take them in JSON (and
 * `GET /v1/exports/orders.zip` in its query string, read with `fromQuery`). `parseExportRequest` validates with this
 * very schema, and the OpenAPI document shows it; what JSON Schema cannot say (a date that exists, `from` before
 * `to`, the span and shop-count limits of the configuration) is checked after it, and said in the descriptions.
 */
export const EXPORT_REQUEST_SCHEMA: ParametersSchema = {
  type: 'object',
  title: 'Export request',
  properties: {
    shops: {
      type: 'array',
      title: 'one or more shop slugs',
      description: 'The shops to export, by slug, in any order; duplicates are ignored. At most `SHOPZIP_MAX_SHOPS` '
        + '(1000 by default) different shops. A shop the token may not read is answered like a shop that does not exist.',
      items: SHOP_SLUG_SCHEMA,
      minItems: 1,
      examples: [['acme', 'globex']],
    },
    from: dateBound('Only orders created at or after this bound.', '2026-01-01'),
    to: dateBound('Only orders created at or before this bound (a date includes its whole day).', '2026-03-31'),
    status: {
      type: 'array',
      title: 'order statuses',
      description: 'Only orders in these statuses. All statuses when absent.',
      items: { type: 'string', enum: [...ORDER_STATUSES] },
      minItems: 1,
      examples: [['paid', 'shipped']],
    },
    formats: {
      type: 'array',
      title: 'file formats',
      description: 'The files to make for every shop: `orders.csv` and `order_items.csv` for `csv`, `orders.xlsx` (sheets '
        + '"Orders" and "Items") for `xlsx`.',
      items: { type: 'string', enum: [...FORMATS] },
      minItems: 1,
      default: [...FORMATS],
    },
    bom: {
      type: 'boolean',
      title: 'whether each CSV starts with a byte-order mark',
      description: 'Whether each CSV starts with a UTF-8 byte-order mark, which Excel needs to read UTF-8.',
      default: true,
    },
  },
  required: ['shops'],
  additionalProperties: false,
};
