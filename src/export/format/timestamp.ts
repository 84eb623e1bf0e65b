import type { Instant } from '../../source/rows.js';
import type { TimeZone } from './time-zone.js';

const MINUTE_MS = 60_000;
/** SQLite's `2026-01-05T08:30:00.123Z`, or PostgreSQL's `timestamptz` text in UTC, `2026-01-05 08:30:00.123456+00`. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?(?:Z|\+00)$/;

/**
 * Parses the source's UTC instants (`YYYY-MM-DDTHH:MM:SS.sssZ`, or PostgreSQL's `YYYY-MM-DD HH:MM:SS.ssssss+00`)
 * into epoch milliseconds (whole: microseconds are left to {@link microsecondsOf}).
 * @throws {RangeError} when the text is not such an instant.
 */
export function parseUtcInstant(text: string): number {
  const epochMs = UTC_INSTANT.test(text) ? Date.parse(text.charCodeAt(10) === 0x54 ? text : `${text.slice(0, 10)}T${text.slice(11, text.length - 3)}Z`) : Number.NaN;
  if (Number.isNaN(epochMs)) throw new RangeError(`not a UTC instant: ${JSON.stringify(text)}`);
  return epochMs;
}

/** The microseconds past the millisecond (0 to 999) of an instant {@link parseUtcInstant} read. */
export function microsecondsOf(text: string): number {
  // SQLite's text has at most milliseconds: `2026-01-05T08:30:00.123Z` is 24 characters.
  if (text.length <= 24) return 0;
  const dot = text.indexOf('.', 19);
  if (dot < 0) return 0;
  const end = text.charCodeAt(text.length - 1) === 0x5a ? text.length - 1 : text.length - 3;
  return end - dot > 4 ? Number(text.slice(dot + 4, end).padEnd(3, '0')) : 0;
}

/** The whole epoch milliseconds of an instant as a source gives it (see `Instant`). @throws {RangeError} as {@link parseUtcInstant}. */
export function epochMsOf(instant: Instant): number {
  return typeof instant === 'number' ? (instant - microsPast(instant)) / 1000 : parseUtcInstant(instant);
}

/** The microseconds past the millisecond (0 to 999) of an instant as a source gives it (see `Instant`). */
export function microsOf(instant: Instant): number {
  return typeof instant === 'number' ? microsPast(instant) : microsecondsOf(instant);
}

/** 0 to 999, for negative microseconds too (`%` keeps the sign of the dividend). */
function microsPast(epochMicros: number): number {
  const micros = epochMicros % 1000;
  return micros < 0 ? micros + 1000 : micros;
}

/** A UTC instant shown as wall-clock time in a zone: for CSV text and for XLSX date-time cells. */
export interface LocalTime {
  /** Milliseconds since 1970-01-01T00:00 of the local wall-clock time. */
  readonly wallMs: number;
  readonly offsetMinutes: number;
}

/** The wall-clock time of an instant in a zone. */
export function toLocalTime(epochMs: number, zone: TimeZone): LocalTime {
  const offsetMinutes = zone.offsetMinutes(epochMs);
  return { wallMs: epochMs + offsetMinutes * MINUTE_MS, offsetMinutes };
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/**
 * RFC 3339 text of a local time with its offset, e.g. `2026-01-05T09:30:00+01:00`; milliseconds are shown
 * only when not zero (`2026-01-05T09:30:00.250+01:00`), microseconds only when the instant has them
 * (`2026-01-05T09:30:00.250125+01:00`, `micros` past the millisecond), so nothing of the source instant is lost.
 */
export function formatLocalTime({ wallMs, offsetMinutes }: LocalTime, micros = 0): string {
  const iso = new Date(wallMs).toISOString();
  const milliseconds = micros !== 0 ? `${iso.slice(19, 23)}${String(micros).padStart(3, '0')}` : iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${iso.slice(0, 19)}${milliseconds}${sign}${pad2(Math.floor(absolute / 60))}:${pad2(absolute % 60)}`;
}
