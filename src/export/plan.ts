import { ShopzipError } from '../errors.js';
import { NO_LOWER_BOUND, NO_UPPER_BOUND, type OrderFilter, type ShopRecord, type Snapshot } from '../source/snapshot.js';
import { endInstantExclusive, startInstant } from './date-bound.js';
import { minorDigits } from './format/money.js';
import { isValidTimeZone, TimeZone } from './format/time-zone.js';
import type { ExportRequest } from './request.js';
import type { ShopFormat } from './tables.js';

/** One shop of an export: what it is, how its values are shown, which of its orders are read. */
export interface ShopPlan {
  readonly shop: ShopRecord;
  readonly format: ShopFormat;
  readonly filter: OrderFilter;
}

/** Everything decided before the first byte is sent. */
export interface ExportPlan {
  readonly request: ExportRequest;
  readonly shops: readonly ShopPlan[];
  /** The timestamp of every ZIP entry: from the request, never the clock, so a repeat is byte-identical. */
  readonly date: Date;
  /** Suggested file name of the download (ASCII). */
  readonly fileName: string;
}

const ZIP_EPOCH = Date.UTC(1980, 0, 1);
// toISOString leaves the four-digit form outside these years, and created_at is compared as text.
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Resolves the request's shops in the snapshot and fixes each shop's time range in UTC.
 * @param visible which slugs the caller may see; others are answered exactly like shops that do not exist.
 * @throws {ShopzipError} `unknown_shops` listing the slugs that do not exist (or are not visible).
 */
export async function planExport(request: ExportRequest, snapshot: Snapshot, visible: (slug: string) => boolean = () => true): Promise<ExportPlan> {
  const wanted = request.shops.filter(visible);
  const found = await snapshot.findShops(wanted);
  const foundSlugs = new Set(found.map((shop) => shop.slug));
  const unknown = request.shops.filter((slug) => !foundSlugs.has(slug));
  if (unknown.length > 0) {
    throw new ShopzipError('unknown_shops', `no such shops: ${unknown.join(', ')}`, { parameter: 'shops', shops: unknown });
  }
  return {
    request,
    shops: found.map((shop) => planShop(shop, request)),
    date: new Date(request.to === null ? ZIP_EPOCH : Math.max(ZIP_EPOCH, request.to.kind === 'date' ? request.to.wallMs : request.to.epochMs)),
    fileName: fileNameOf(request),
  };
}

function planShop(shop: ShopRecord, request: ExportRequest): ShopPlan {
  if (!isValidTimeZone(shop.timezone)) {
    throw new ShopzipError('internal', `shop ${shop.slug} has a time zone this service does not know`);
  }
  const zone = TimeZone.of(shop.timezone);
  const from = request.from === null ? NO_LOWER_BOUND : isoOf(startInstant(request.from, zone));
  const to = request.to === null ? NO_UPPER_BOUND : isoOf(endInstantExclusive(request.to, zone));
  return {
    shop,
    format: { currency: shop.currency, digits: minorDigits(shop.currency), zone },
    filter: { shopId: shop.id, fromIso: from, toIsoExclusive: to, statuses: request.statuses },
  };
}

function isoOf(epochMs: number): string {
  return new Date(Math.min(Math.max(epochMs, EARLIEST_MS), LATEST_MS)).toISOString();
}

function fileNameOf(request: ExportRequest): string {
  const shops = request.shops.length <= 3 ? request.shops.join('-') : `${request.shops.length}-shops`;
  const dates = [request.from, request.to].map((bound) => (bound?.kind === 'date' ? bound.date : null));
  const range = dates[0] !== null && dates[1] !== null ? `_${dates[0]}_${dates[1]}` : '';
  return `orders_${shops}${range}.zip`;
}
