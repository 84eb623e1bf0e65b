const MINUTE_MS = 60_000;
const SIX_HOURS_MS = 6 * 3_600_000;

/** An instant and the offset in minutes a zone must show at it. */
export interface OffsetSample {
  readonly instant: number;
  readonly offset: number;
}

/**
 * A zone's offset the straightforward way time-zone.ts used to compute it: the wall-clock fields of
 * `formatToParts`, less the instant, rounded to whole minutes.
 */
export function referenceOffset(name: string): (epochMs: number) => number {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (epochMs) => {
    const parts = formatter.formatToParts(new Date(epochMs));
    const value = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((part) => part.type === type)?.value);
    const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
    return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
  };
}

/**
 * The reference offsets of [from, to) the brute-force way: every six hours, and at each change the first whole
 * minute of the new offset and the minute before it, found by bisection.
 */
export function referenceSamples(name: string, from: number, to: number): OffsetSample[] {
  const offsetAt = referenceOffset(name);
  const samples: OffsetSample[] = [{ instant: from, offset: offsetAt(from) }];
  for (let instant = from + SIX_HOURS_MS; instant < to; instant += SIX_HOURS_MS) {
    const offset = offsetAt(instant);
    const before = samples.at(-1)!;
    if (offset !== before.offset) {
      let low = Math.floor(before.instant / MINUTE_MS);
      let high = Math.ceil(instant / MINUTE_MS);
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetAt(middle * MINUTE_MS) === offset) high = middle;
        else low = middle;
      }
      samples.push({ instant: (high - 1) * MINUTE_MS, offset: offsetAt((high - 1) * MINUTE_MS) });
      samples.push({ instant: high * MINUTE_MS, offset });
    }
    samples.push({ instant, offset });
  }
  return samples;
}
