import type { Instant } from '../../source/rows.js';
import type { TimeZone } from './time-zone.js';
import { epochMsOf, formatLocalTime, microsOf } from './timestamp.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The wall-clock days whose ISO text has a four-digit year: 0000-01-01 to 9999-12-31. */
const FIRST_DAY_MS = Date.parse('0000-01-01T00:00:00.000Z');
const END_DAY_MS = Date.parse('+010000-01-01T00:00:00.000Z');

const digits = (count: number, width: number): readonly string[] => Array.from({ length: count }, (_, value) => String(value).padStart(width, '0'));
const TWO = digits(100, 2);
const THREE = digits(1000, 3);

/**
 * The CSV text of instants in one zone, as {@link formatLocalTime} writes it (`2026-01-05T09:30:00.250+01:00`),
 * for a table's rows one after the other. An export reads its orders by time, so consecutive rows mostly fall on the
 * same local day with the same offset: the date and the offset are made once per change and the rest from tables of
 * digits, instead of a `Date`, its ISO text and its slices per row. Not shared between exports (it remembers the
 * last day), but cheap to make.
 */
export class LocalTimeText {
  readonly #zone: TimeZone;
  #dayStartMs = Number.NaN;
  #dayPrefix = '';
  #offsetMinutes = Number.NaN;
  #offsetText = '';

  constructor(zone: TimeZone) {
    this.#zone = zone;
  }

  /** @throws {RangeError} when text is not a UTC instant (see `parseUtcInstant`). */
  format(instant: Instant): string {
    const epochMs = epochMsOf(instant);
    const micros = microsOf(instant);
    const offsetMinutes = this.#zone.offsetMinutes(epochMs);
    const wallMs = epochMs + offsetMinutes * MINUTE_MS;
    let time = wallMs - this.#dayStartMs;
    if (!(time >= 0 && time < DAY_MS)) {
      if (!(wallMs >= FIRST_DAY_MS && wallMs < END_DAY_MS)) return formatLocalTime({ wallMs, offsetMinutes }, micros);
      this.#startDay(wallMs);
      time = wallMs - this.#dayStartMs;
    }
    if (offsetMinutes !== this.#offsetMinutes) this.#startOffset(offsetMinutes);
    const milliseconds = time % 1000;
    const seconds = (time - milliseconds) / 1000;
    const fraction = micros !== 0 ? `.${THREE[milliseconds]!}${THREE[micros]!}` : milliseconds !== 0 ? `.${THREE[milliseconds]!}` : '';
    return `${this.#dayPrefix}${TWO[Math.floor(seconds / 3600)]!}:${TWO[Math.floor(seconds / 60) % 60]!}:${TWO[seconds % 60]!}${fraction}${this.#offsetText}`;
  }

  #startDay(wallMs: number): void {
    this.#dayStartMs = wallMs - (((wallMs % DAY_MS) + DAY_MS) % DAY_MS);
    this.#dayPrefix = new Date(this.#dayStartMs).toISOString().slice(0, 11);
  }

  #startOffset(offsetMinutes: number): void {
    this.#offsetMinutes = offsetMinutes;
    this.#offsetText = formatLocalTime({ wallMs: 0, offsetMinutes }).slice(19);
  }
}
