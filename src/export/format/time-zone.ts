const MINUTE_MS = 60_000;
const BUCKET_MS = 15 * MINUTE_MS;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 50_000;

/**
 * Offsets of one IANA time zone, looked up through `Intl` and cached per quarter hour (every real zone
 * changes offset only on quarter-hour boundaries), so formatting a million timestamps stays cheap.
 */
export class TimeZone {
  readonly #formatter: Intl.DateTimeFormat;
  readonly #offsetByBucket = new Map<number, number>();

  /** @throws {RangeError} when the zone is not a valid IANA time zone. */
  constructor(readonly name: string) {
    this.#formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  /** The zone's offset from UTC in minutes at the given instant (e.g. 60 for Berlin in winter). */
  offsetMinutes(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET_MS);
    let offset = this.#offsetByBucket.get(bucket);
    if (offset === undefined) {
      offset = this.#computeOffset(bucket * BUCKET_MS);
      if (this.#offsetByBucket.size >= CACHE_LIMIT) this.#offsetByBucket.clear();
      this.#offsetByBucket.set(bucket, offset);
    }
    return offset;
  }

  /**
   * The first UTC instant at which the zone's clocks show the given wall-clock time. A time skipped by a DST gap
   * resolves to the instant the gap ends; a repeated time resolves to its first occurrence.
   */
  instantOf(wallMs: number): number {
    const offsets = [this.offsetMinutes(wallMs - DAY_MS), this.offsetMinutes(wallMs + DAY_MS)];
    const matches = offsets.map((offset) => wallMs - offset * MINUTE_MS).filter((instant) => this.#wall(instant) === wallMs);
    if (matches.length > 0) return Math.min(...matches);
    let instant = Math.floor((wallMs - Math.max(...offsets) * MINUTE_MS) / BUCKET_MS) * BUCKET_MS;
    while (this.#wall(instant) < wallMs) instant += BUCKET_MS;
    return instant;
  }

  #wall(epochMs: number): number {
    return epochMs + this.offsetMinutes(epochMs) * MINUTE_MS;
  }

  #computeOffset(epochMs: number): number {
    const parts = this.#formatter.formatToParts(new Date(epochMs));
    const value = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((part) => part.type === type)?.value);
    const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
    return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
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
