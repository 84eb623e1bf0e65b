import { invalidParameter } from '../errors.js';
import { parametersValidator } from '../schema/parameters-validator.js';
import { fromQuery, type QueryValues } from '../schema/query-values.js';
import { formatDateBound, parseDateBound, type DateBound } from './date-bound.js';
import { EXPORT_REQUEST_SCHEMA, FORMATS, ORDER_STATUSES } from './request-schema.js';

export { FORMATS, ORDER_STATUSES };
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type Format = (typeof FORMATS)[number];

/** A validated, normalized export request: lists sorted and without duplicates. */
export interface ExportRequest {
  readonly shops: readonly string[];
  readonly from: DateBound | null;
  readonly to: DateBound | null;
  readonly statuses: readonly OrderStatus[] | null;
  readonly formats: readonly Format[];
  readonly bom: boolean;
}

/** Where the raw values came from: a query string (or form) holds text, a JSON body holds arrays and booleans. */
export type RequestOrigin = 'query' | 'body';

export interface RequestLimits {
  readonly maxShops: number;
  /** Longest span from `from` to `to` in days; 0 for none. When set, both bounds are required. */
  readonly maxSpanDays?: number;
}

/** The parameters once `EXPORT_REQUEST_SCHEMA` has accepted them. */
interface SchemaValidRequest {
  readonly shops: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly status?: readonly OrderStatus[];
  readonly formats?: readonly Format[];
  readonly bom?: boolean;
}

const validateSchema = parametersValidator(EXPORT_REQUEST_SCHEMA);

/**
 * Validates the raw parameters of an export (query string, form or JSON body): first against
 * `EXPORT_REQUEST_SCHEMA` (the schema the OpenAPI document shows), then what a schema cannot say: dates that exist,
 * their order, the span and shop-count limits.
 * @throws {ShopzipError} `unknown_parameter` or `invalid_parameter`, naming the parameter.
 */
export function parseExportRequest(raw: Readonly<Record<string, unknown>>, origin: RequestOrigin, limits: RequestLimits): ExportRequest {
  const values = origin === 'query' ? fromQuery(raw as QueryValues, EXPORT_REQUEST_SCHEMA) : raw;
  validateSchema(values);
  const valid = values as unknown as SchemaValidRequest;
  const shops = [...new Set(valid.shops)].sort();
  if (shops.length > limits.maxShops) {
    throw invalidParameter('shops', `shops names ${shops.length} shops; at most ${limits.maxShops} are allowed per request`);
  }
  const from = valid.from === undefined ? null : parseDateBound('from', valid.from);
  const to = valid.to === undefined ? null : parseDateBound('to', valid.to);
  checkOrder(from, to);
  checkSpan(from, to, limits.maxSpanDays ?? 0);
  const { status, formats } = valid;
  return {
    shops,
    from,
    to,
    statuses: status === undefined ? null : ORDER_STATUSES.filter((choice) => status.includes(choice)),
    formats: formats === undefined ? FORMATS : FORMATS.filter((choice) => formats.includes(choice)),
    bom: valid.bom ?? true,
  };
}

/** The request as the manifest shows it. */
export function describeRequest(request: ExportRequest): Record<string, unknown> {
  return {
    shops: request.shops,
    from: request.from === null ? null : formatDateBound(request.from),
    to: request.to === null ? null : formatDateBound(request.to),
    status: request.statuses,
    formats: request.formats,
    bom: request.bom,
  };
}

function checkOrder(from: DateBound | null, to: DateBound | null): void {
  if (from === null || to === null || from.kind !== to.kind) return;
  const start = from.kind === 'date' ? from.wallMs : from.epochMs;
  const end = to.kind === 'date' ? to.wallMs : to.epochMs;
  if (start > end) throw invalidParameter('from', 'from must not be after to');
}

const DAY_MS = 86_400_000;

function checkSpan(from: DateBound | null, to: DateBound | null, maxSpanDays: number): void {
  if (maxSpanDays === 0) return;
  if (from === null || to === null) {
    throw invalidParameter(from === null ? 'from' : 'to', `from and to are both required: an export covers at most ${maxSpanDays} days`);
  }
  const start = from.kind === 'date' ? from.wallMs : from.epochMs;
  const end = to.kind === 'date' ? to.wallMs + DAY_MS : to.epochMs;
  if (end - start > maxSpanDays * DAY_MS) {
    throw invalidParameter('to', `from and to span more than ${maxSpanDays} days; split the export`);
  }
}
