import type { TimeZone } from './time-zone.js';

const MINUTE_MS = 60_000;
const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

/**
 * Parses the source's UTC instants (`YYYY-MM-DDTHH:MM:SS.sssZ`) into epoch milliseconds.
 * @throws {RangeError} when the text is not such an instant.
 */
export function parseUtcInstant(text: string): number {
  const epochMs = UTC_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(epochMs)) throw new RangeError(`not a UTC instant: ${JSON.stringify(text)}`);
  return epochMs;
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
 * only when not zero (`2026-01-05T09:30:00.250+01:00`), so nothing of the source instant is lost.
 */
export function formatLocalTime({ wallMs, offsetMinutes }: LocalTime): string {
  const iso = new Date(wallMs).toISOString();
  const milliseconds = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${iso.slice(0, 19)}${milliseconds}${sign}${pad2(Math.floor(absolute / 60))}:${pad2(absolute % 60)}`;
}
