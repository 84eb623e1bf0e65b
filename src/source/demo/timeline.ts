import type { SeededRandom } from './random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The period orders are spread over, in epoch milliseconds: `[startMs, endMs)`. */
export interface DemoPeriod {
  readonly startMs: number;
  readonly endMs: number;
}

/** An order's status and last change, derived from its age at the end of the period. */
export interface DemoLifecycle {
  readonly status: string;
  readonly updatedMs: number;
}

/**
 * The creation instant of order `index` of `count`: one random instant inside the index's own slice of the period,
 * so instants rise with the id (as in a real shop) and carry real milliseconds.
 */
export function creationInstant(random: SeededRandom, period: DemoPeriod, index: number, count: number): number {
  const span = period.endMs - period.startMs;
  return period.startMs + Math.floor((span * (index + random.next())) / count);
}

/** How long after creation each status was last set, in milliseconds: [shortest, longest]. */
const DELAY_BY_STATUS: Readonly<Record<string, readonly [number, number]>> = {
  cancelled: [10 * MINUTE, 3 * DAY],
  refunded: [3 * DAY, 40 * DAY],
  pending: [0, 5 * MINUTE],
  paid: [1_000, 10 * MINUTE],
  shipped: [DAY, 3 * DAY],
  delivered: [2 * DAY, 12 * DAY],
};

/**
 * Status and update instant of an order created at `createdMs`: some are cancelled, refunded or abandoned
 * (pending forever), the others move from pending to delivered as they age. The update never precedes creation
 * nor passes the end of the period.
 */
export function lifecycle(random: SeededRandom, period: DemoPeriod, createdMs: number): DemoLifecycle {
  const status = demoStatus(random.next(), period.endMs - createdMs);
  const [shortest, longest] = DELAY_BY_STATUS[status] as readonly [number, number];
  const latest = Math.max(createdMs, period.endMs - 1);
  return { status, updatedMs: Math.min(createdMs + random.integer(shortest, longest), latest) };
}

function demoStatus(roll: number, ageMs: number): string {
  if (roll < 0.04) return 'cancelled';
  if (roll < 0.07) return 'refunded';
  if (roll < 0.08 || (ageMs < 2 * HOUR && roll < 0.5)) return 'pending';
  if (ageMs < DAY) return 'paid';
  if (ageMs < 5 * DAY || roll > 0.99) return 'shipped';
  return 'delivered';
}
