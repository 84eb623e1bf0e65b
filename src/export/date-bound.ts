import { invalidParameter } from '../errors.js';
import type { TimeZone } from './format/time-zone.js';

/**
 * One end of the requested time range: a calendar `date` (that day in each shop's own time zone) or an exact
 * `instant` (an RFC 3339 timestamp with offset).
 */
export type DateBound =
  | { readonly kind: 'date'; readonly date: string; readonly wallMs: number }
  | { readonly kind: 'instant'; readonly epochMs: number };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** What `parseDateBound` reads, as one JSON Schema `pattern`: a date, or a timestamp with offset. */
export const DATE_BOUND_PATTERN = `${DATE.source}|${TIMESTAMP.source}`;

/**
 * Parses `from` or `to`.
 * @throws {ShopzipError} `invalid_parameter` naming the parameter when the text is neither form, or names a
 *   day or time that does not exist (2026-02-30, 24:00, offset +25:00).
 */
export function parseDateBound(parameter: string, text: string): DateBound {
  const date = DATE.exec(text);
  if (date) {
    const wallMs = calendarMs(parameter, text, Number(date[1]), Number(date[2]), Number(date[3]));
    return { kind: 'date', date: text, wallMs };
  }
  const stamp = TIMESTAMP.exec(text);
  if (!stamp) {
    throw invalidParameter(parameter, `${parameter} must be a date (YYYY-MM-DD) or an RFC 3339 timestamp with offset (2026-01-01T00:00:00Z), got ${JSON.stringify(text)}`);
  }
  const [hours, minutes, seconds] = [Number(stamp[4]), Number(stamp[5]), Number(stamp[6])];
  if (hours > 23 || minutes > 59 || seconds > 59) throw invalidParameter(parameter, `${parameter} has no such time of day: ${JSON.stringify(text)}`);
  const day = calendarMs(parameter, text, Number(stamp[1]), Number(stamp[2]), Number(stamp[3]));
  const fraction = stamp[7] ? Math.floor(Number(`0${stamp[7]}`) * 1000) : 0;
  const offset = parseOffset(parameter, text, stamp[8] ?? 'Z');
  return { kind: 'instant', epochMs: day + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + fraction };
}

function calendarMs(parameter: string, text: string, year: number, month: number, day: number): number {
  const epochMs = Date.UTC(year, month - 1, day);
  const check = new Date(epochMs);
  if (year < 1 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw invalidParameter(parameter, `${parameter} is not a calendar date: ${JSON.stringify(text)}`);
  }
  return epochMs;
}

function parseOffset(parameter: string, text: string, offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) throw invalidParameter(parameter, `${parameter} has an impossible offset: ${JSON.stringify(text)}`);
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** The first instant included by a `from` bound in a shop's zone. */
export function startInstant(bound: DateBound, zone: TimeZone): number {
  return bound.kind === 'instant' ? bound.epochMs : zone.instantOf(bound.wallMs);
}

/** The first instant excluded by a `to` bound (inclusive: a date includes its whole day in the shop's zone). */
export function endInstantExclusive(bound: DateBound, zone: TimeZone): number {
  return bound.kind === 'instant' ? bound.epochMs + 1 : zone.instantOf(bound.wallMs + DAY_MS);
}

/** The bound as it appears in the manifest: the date as given, or the instant in UTC. */
export function formatDateBound(bound: DateBound): string {
  return bound.kind === 'date' ? bound.date : new Date(bound.epochMs).toISOString();
}
