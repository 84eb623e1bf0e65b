import type { TimeZone } from './time-zone.js';

const MINUTE_MS = 60_000;
/** SQLite's `2026-01-05T08:30:00.123Z`, or PostgreSQL's `timestamptz` text in UTC, `2026-01-05 08:30:00.123456+00`. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?(?:Z|\+00)$/;

/**
 * Parses the source's UTC instants (`YYYY-MM-DDTHH:MM:SS.sssZ`, or PostgreSQL's `YYYY-MM-DD HH:MM:SS.ssssss+00`)
 * into epoch milliseconds. Microseconds, when present, are kept as the fraction of a millisecond (a double holds
 * them to a quarter of a microsecond until the year 2255, and to a microsecond until the year 9999).
 * @throws {RangeError} when the text is not such an instant.
 */
export function parseUtcInstant(text: string): number {
  const match = UTC_INSTANT.exec(text);
  let epochMs = Number.NaN;
  if (match !== null) {
    const canonical = text.charCodeAt(10) === 0x54 ? text : `${text.slice(0, 10)}T${text.slice(11, text.length - 3)}Z`;
    epochMs = Date.parse(canonical);
    const fraction = match[1];
    if (fraction !== undefined && fraction.length > 3) epochMs += Number(fraction.slice(3).padEnd(3, '0')) / 1000;
  }
  if (Number.isNaN(epochMs)) throw new RangeError(`not a UTC instant: ${JSON.stringify(text)}`);
  return epochMs;
}

/** A UTC instant shown as wall-clock time in a zone: for CSV text and for XLSX date-time cells. */
export interface LocalTime {
  /** Milliseconds since 1970-01-01T00:00 of the local wall-clock time (microseconds as its fraction). */
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
 * (`2026-01-05T09:30:00.250125+01:00`), so nothing of the source instant is lost.
 */
export function formatLocalTime({ wallMs, offsetMinutes }: LocalTime): string {
  const whole = Math.floor(wallMs);
  const iso = new Date(whole).toISOString();
  const micros = whole === wallMs ? 0 : Math.round((wallMs - whole) * 1000);
  const milliseconds = micros !== 0 ? `${iso.slice(19, 23)}${String(micros).padStart(3, '0')}` : iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${iso.slice(0, 19)}${milliseconds}${sign}${pad2(Math.floor(absolute / 60))}:${pad2(absolute % 60)}`;
}
