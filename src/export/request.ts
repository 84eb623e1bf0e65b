import { invalidParameter, ShopzipError } from '../errors.js';
import { formatDateBound, parseDateBound, type DateBound } from './date-bound.js';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const FORMATS = ['csv', 'xlsx'] as const;
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

/** Where the raw values came from: a query string holds text, a JSON body holds arrays and booleans. */
export type RequestOrigin = 'query' | 'body';

export interface RequestLimits {
  readonly maxShops: number;
  /** Longest span from `from` to `to` in days; 0 for none. When set, both bounds are required. */
  readonly maxSpanDays?: number;
}

const PARAMETERS = new Set(['shops', 'from', 'to', 'status', 'formats', 'bom']);
const SLUG = /^[a-z0-9-]{1,64}$/;

/**
 * Validates the raw parameters of an export (query string or JSON body).
 * @throws {ShopzipError} `unknown_parameter` or `invalid_parameter`, naming the parameter.
 */
export function parseExportRequest(raw: Readonly<Record<string, unknown>>, origin: RequestOrigin, limits: RequestLimits): ExportRequest {
  for (const name of Object.keys(raw)) {
    if (!PARAMETERS.has(name)) {
      throw new ShopzipError('unknown_parameter', `unknown parameter ${JSON.stringify(name)}; expected ${[...PARAMETERS].join(', ')}`, { parameter: name });
    }
  }
  const shops = readList(raw, 'shops', origin);
  if (shops === null || shops.length === 0) throw invalidParameter('shops', 'shops is required: one or more shop slugs');
  for (const shop of shops) {
    if (!SLUG.test(shop)) throw invalidParameter('shops', `shops holds an invalid slug ${JSON.stringify(shop)}; slugs are 1-64 characters of a-z, 0-9 and -`);
  }
  const uniqueShops = [...new Set(shops)].sort();
  if (uniqueShops.length > limits.maxShops) {
    throw invalidParameter('shops', `shops names ${uniqueShops.length} shops; at most ${limits.maxShops} are allowed per request`);
  }
  const from = readBound(raw, 'from');
  const to = readBound(raw, 'to');
  checkOrder(from, to);
  checkSpan(from, to, limits.maxSpanDays ?? 0);
  return {
    shops: uniqueShops,
    from,
    to,
    statuses: readChoices(raw, 'status', origin, ORDER_STATUSES, null),
    formats: readChoices(raw, 'formats', origin, FORMATS, FORMATS) ?? FORMATS,
    bom: readBoolean(raw, 'bom', origin, true),
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

function readList(raw: Readonly<Record<string, unknown>>, name: string, origin: RequestOrigin): string[] | null {
  const value = raw[name];
  if (value === undefined) return null;
  if (origin === 'body') {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw invalidParameter(name, `${name} must be a JSON array of strings`);
    }
    return value as string[];
  }
  const texts = Array.isArray(value) ? value : [value];
  if (!texts.every((text) => typeof text === 'string')) throw invalidParameter(name, `${name} must be a comma-separated list`);
  return (texts as string[]).flatMap((text) => text.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

function readChoices<T extends string>(
  raw: Readonly<Record<string, unknown>>, name: string, origin: RequestOrigin, choices: readonly T[], fallback: readonly T[] | null,
): readonly T[] | null {
  const values = readList(raw, name, origin);
  if (values === null) return fallback;
  if (values.length === 0) throw invalidParameter(name, `${name} must name at least one of ${choices.join(', ')}`);
  for (const value of values) {
    if (!choices.includes(value as T)) throw invalidParameter(name, `${name} holds ${JSON.stringify(value)}; allowed: ${choices.join(', ')}`);
  }
  return choices.filter((choice) => values.includes(choice));
}

function readText(raw: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = raw[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw invalidParameter(name, `${name} must be given once, as a string`);
  return value;
}

function readBound(raw: Readonly<Record<string, unknown>>, name: string): DateBound | null {
  const text = readText(raw, name);
  return text === null ? null : parseDateBound(name, text);
}

function readBoolean(raw: Readonly<Record<string, unknown>>, name: string, origin: RequestOrigin, fallback: boolean): boolean {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (origin === 'body') {
    if (typeof value !== 'boolean') throw invalidParameter(name, `${name} must be true or false`);
    return value;
  }
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalidParameter(name, `${name} must be true or false, got ${JSON.stringify(value)}`);
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
