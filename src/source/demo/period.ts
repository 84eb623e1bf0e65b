import type { DemoPeriod } from './timeline.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The default demo period: 2025-01-01 up to and including 2026-10-31, UTC. */
export const DEFAULT_FROM = '2025-01-01';
export const DEFAULT_TO = '2026-10-31';

/**
 * Turns `from` and `to` (ISO dates or instants, UTC when no offset is given) into a period. A date-only `to`
 * includes that whole day.
 *
 * @throws RangeError when either bound is not a valid date or the period is empty.
 */
export function demoPeriod(from: string, to: string): DemoPeriod {
  const startMs = parseBound('from', from);
  const endMs = parseBound('to', to) + (DATE_ONLY.test(to) ? DAY_MS : 0);
  if (!(endMs > startMs)) throw new RangeError(`demo period is empty: from ${from} to ${to}`);
  return { startMs, endMs };
}

function parseBound(name: string, value: string): number {
  const utc = DATE_ONLY.test(value) || /[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`;
  const milliseconds = Date.parse(utc);
  const year = new Date(milliseconds).getUTCFullYear();
  if (Number.isNaN(milliseconds) || year < 1970 || year > 9998) {
    throw new RangeError(`demo option ${name} must be an ISO date between 1970 and 9998, got ${JSON.stringify(value)}`);
  }
  return milliseconds;
}
