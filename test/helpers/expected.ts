import Database from 'better-sqlite3';

/**
 * What an export should contain, computed from the source database with code independent of src/: money by
 * bigint division, local times through Intl's own offset names, OWASP's formula rule by its own regex.
 */
export interface SourceOrder {
  id: number; order_number: string; created_at: string; status: string; customer_name: string; customer_email: string;
  ship_country: string | null; subtotal_minor: number; shipping_minor: number; tax_minor: number; total_minor: number;
  note: string | null; currency: string; timezone: string;
}

export interface SourceItem {
  order_id: number; order_number: string; line_no: number; sku: string; title: string; quantity: number;
  unit_price_minor: number; currency: string;
}

const DIGITS: Record<string, number> = { JPY: 0, KWD: 3, BHD: 3 };

/** The currency's minor digits, by the test's own table. */
export const digitsOf = (currency: string): number => DIGITS[currency] ?? 2;

/** Exact decimal text of an amount in minor units. */
export function decimal(minor: number | bigint, digits: number): string {
  const value = BigInt(minor);
  const magnitude = value < 0n ? -value : value;
  const unit = 10n ** BigInt(digits);
  const whole = (magnitude / unit).toString();
  const fraction = digits === 0 ? '' : `.${(magnitude % unit).toString().padStart(digits, '0')}`;
  return `${value < 0n ? '-' : ''}${whole}${fraction}`;
}

/** Local wall-clock time of a UTC instant in a zone, RFC 3339 with offset (milliseconds only when not zero). */
export function localTime(utc: string, zone: string, withOffset = true): string {
  const date = new Date(utc);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
  }).formatToParts(date).map((part) => [part.type, part.value]));
  const milliseconds = date.getUTCMilliseconds();
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).slice(3);
  const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  if (!withOffset) return `${wall}.${String(milliseconds).padStart(3, '0')}`;
  return `${wall}${milliseconds === 0 ? '' : `.${String(milliseconds).padStart(3, '0')}`}${offset}`;
}

/** OWASP: text that starts like a formula gets a leading single quote in CSV. */
export const neutralized = (text: string | null): string => (text === null ? '' : /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** Orders and items of one shop, in export order. */
export function readShop(path: string, slug: string): { orders: SourceOrder[]; items: SourceItem[] } {
  const database = new Database(path, { readonly: true });
  try {
    const orders = database.prepare(`SELECT o.*, s.currency, s.timezone FROM orders o JOIN shops s ON s.id = o.shop_id
      WHERE s.slug = ? ORDER BY o.created_at, o.id`).all(slug) as SourceOrder[];
    const items = database.prepare(`SELECT i.*, o.order_number, s.currency FROM order_items i JOIN orders o ON o.id = i.order_id
      JOIN shops s ON s.id = o.shop_id WHERE s.slug = ? ORDER BY o.created_at, o.id, i.line_no`).all(slug) as SourceItem[];
    return { orders, items };
  } finally {
    database.close();
  }
}

/** Slugs of all shops, sorted. */
export function allShops(path: string): string[] {
  const database = new Database(path, { readonly: true });
  try {
    return (database.prepare('SELECT slug FROM shops ORDER BY slug').pluck().all() as string[]);
  } finally {
    database.close();
  }
}
