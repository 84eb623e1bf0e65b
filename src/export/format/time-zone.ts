const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets are worked out per window of about 99 days: that window's changes, found once, then looked up. */
const WINDOW_MS = 2 ** 33;
/**
 * Probes for changes are a day apart, which misses nothing while no zone changes its offset twice within a day.
 * The tz database's closest pair of changes from 1900 to 2100 is 167 hours apart (Brazil in 2000, Gaza's
 * predicted Ramadan pauses); the audit in test/unit/export/format/time-zone-audit.test.ts checks every zone.
 */
const PROBE_MS = DAY_MS;
/** `GMT+05:45`, `GMT-00:44:30` (historic mean times keep their seconds) or `GMT` alone for zero. */
const LONG_OFFSET = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/;

/** The offsets in force across one window: `offsets[i]` holds from `starts[i]` until `starts[i + 1]`. */
interface Window {
  readonly starts: number[];
  readonly offsets: number[];
}

/**
 * Offsets of one IANA time zone. `Intl` is asked only to find where a window's offset changes (a probe a day,
 * then a binary search to the minute); each later look-up is a scan of that window's few changes, so formatting
 * a million timestamps stays cheap.
 */
export class TimeZone {
  static readonly #shared = new Map<string, TimeZone>();

  /**
   * The shared instance for a zone: zones do not change while the process runs, so what one export learned
   * about a zone's offsets serves the next.
   * @throws {RangeError} when the zone is not a valid IANA time zone.
   */
  static of(name: string): TimeZone {
    let zone = TimeZone.#shared.get(name);
    if (zone === undefined) {
      zone = new TimeZone(name);
      TimeZone.#shared.set(name, zone);
    }
    return zone;
  }

  readonly #formatter: Intl.DateTimeFormat;
  readonly #windows = new Map<number, Window>();

  /** @throws {RangeError} when the zone is not a valid IANA time zone. */
  constructor(readonly name: string) {
    // The offset alone cannot be asked for; the minute is the cheapest field to format beside it.
    this.#formatter = new Intl.DateTimeFormat('en-US', { timeZone: name, minute: 'numeric', timeZoneName: 'longOffset' });
  }

  /** The zone's offset from UTC in minutes at the given instant (e.g. 60 for Berlin in winter). */
  offsetMinutes(epochMs: number): number {
    const index = Math.floor(epochMs / WINDOW_MS);
    let window = this.#windows.get(index);
    if (window === undefined) {
      window = this.#scanWindow(index * WINDOW_MS);
      this.#windows.set(index, window);
    }
    const { starts, offsets } = window;
    let found = 0;
    while (found + 1 < starts.length && starts[found + 1]! <= epochMs) found += 1;
    return offsets[found]!;
  }

  /**
   * The first UTC instant at which the zone's clocks show the given wall-clock time. A time skipped by a DST gap
   * resolves to the instant the gap ends; a repeated time resolves to its first occurrence.
   */
  instantOf(wallMs: number): number {
    const offsets = [this.offsetMinutes(wallMs - DAY_MS), this.offsetMinutes(wallMs + DAY_MS)];
    const matches = offsets.map((offset) => wallMs - offset * MINUTE_MS).filter((instant) => this.#wall(instant) === wallMs);
    if (matches.length > 0) return Math.min(...matches);
    let instant = wallMs - Math.max(...offsets) * MINUTE_MS;
    while (this.#wall(instant) < wallMs) instant += MINUTE_MS;
    return instant;
  }

  #wall(epochMs: number): number {
    return epochMs + this.offsetMinutes(epochMs) * MINUTE_MS;
  }

  /** Finds every offset change in [start, start + WINDOW_MS), assuming at most one per `PROBE_MS`. */
  #scanWindow(start: number): Window {
    const last = start + WINDOW_MS - 1;
    const starts = [start];
    const offsets = [this.#computeOffset(start)];
    for (let before = start; before < last; before += PROBE_MS) {
      const after = Math.min(before + PROBE_MS, last);
      const offset = this.#computeOffset(after);
      if (offset === offsets.at(-1)) continue;
      starts.push(this.#changeBetween(before, after, offset));
      offsets.push(offset);
    }
    return { starts, offsets };
  }

  /** The first whole minute in (before, after] carrying `target`, the offset of `after`. */
  #changeBetween(before: number, after: number, target: number): number {
    let low = Math.floor(before / MINUTE_MS);
    let high = Math.ceil(after / MINUTE_MS);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.#computeOffset(middle * MINUTE_MS) === target) high = middle;
      else low = middle;
    }
    return high * MINUTE_MS;
  }

  /** The offset in whole minutes, rounded as wall-clock arithmetic to the second would round it. */
  #computeOffset(epochMs: number): number {
    const text = this.#formatter.format(epochMs);
    const match = LONG_OFFSET.exec(text);
    if (match === null) throw new Error(`no UTC offset in ${JSON.stringify(text)} for ${this.name}`);
    const [, sign, hours, minutes, seconds] = match;
    if (sign === undefined) return 0;
    const absolute = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0);
    return Math.round((sign === '-' ? -absolute : absolute) / 60);
  }
}

/** Whether `name` is an IANA time zone this runtime knows. */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
