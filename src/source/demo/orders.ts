import { currencyProfile, localPrice, type CurrencyProfile } from './currencies.js';
import { demoCustomer } from './customers.js';
import { demoNote } from './notes.js';
import { DEMO_PRODUCTS, priceList } from './products.js';
import type { SeededRandom } from './random.js';
import type { DemoShop } from './shops.js';
import { lifecycle, type DemoPeriod } from './timeline.js';

/** Values of one `orders` row, in column order. */
export type OrderRow = [
  id: number,
  shopId: number,
  orderNumber: string,
  status: string,
  customerName: string,
  customerEmail: string,
  shipCountry: string | null,
  subtotalMinor: number,
  shippingMinor: number,
  taxMinor: number,
  totalMinor: number,
  note: string | null,
  createdAt: string,
  updatedAt: string,
];

/** Values of one `order_items` row, in column order. */
export type ItemRow = [
  orderId: number,
  lineNo: number,
  sku: string,
  title: string,
  quantity: number,
  unitPriceMinor: number,
];

/** A shop while its orders are generated: prices in its currency and the last order number used. */
export class ShopLedger {
  readonly prices: number[];
  readonly currency: CurrencyProfile;
  readonly shippingMinor: number;
  readonly freeShippingFromMinor: number;
  private lastNumber = 0;

  constructor(readonly shop: DemoShop) {
    this.currency = currencyProfile(shop.currency);
    this.prices = priceList(shop.currency);
    this.shippingMinor = localPrice(490, this.currency);
    this.freeShippingFromMinor = localPrice(7500, this.currency);
  }

  /** The next order number of this shop, e.g. `ACME-000124`. */
  nextOrderNumber(): string {
    this.lastNumber += 1;
    return `${this.shop.orderPrefix}-${String(this.lastNumber).padStart(6, '0')}`;
  }
}

/**
 * One order with its 1 to 4 items (2.5 on average). Items are appended to `items`; amounts add up:
 * subtotal = Σ quantity × unit price, total = subtotal + shipping + tax.
 */
export function buildOrder(
  random: SeededRandom,
  ledger: ShopLedger,
  period: DemoPeriod,
  identity: { id: number; createdMs: number },
  items: ItemRow[],
): OrderRow {
  const subtotal = appendItems(random, ledger, identity.id, items);
  const customer = demoCustomer(random, ledger.shop.homeCountry);
  const shipCountry = random.chance(0.03) ? null : customer.country;
  const shipping = shipCountry === null || subtotal >= ledger.freeShippingFromMinor ? 0 : ledger.shippingMinor;
  const tax = Math.round((subtotal + shipping) * ledger.currency.taxRate);
  const { status, updatedMs } = lifecycle(random, period, identity.createdMs);
  return [
    identity.id,
    ledger.shop.id,
    ledger.nextOrderNumber(),
    status,
    customer.name,
    customer.email,
    shipCountry,
    subtotal,
    shipping,
    tax,
    subtotal + shipping + tax,
    demoNote(random),
    new Date(identity.createdMs).toISOString(),
    new Date(updatedMs).toISOString(),
  ];
}

/** Appends the order's items, distinct products each, and returns their subtotal. */
function appendItems(random: SeededRandom, ledger: ShopLedger, orderId: number, items: ItemRow[]): number {
  const lines = random.integer(1, 4);
  const first = random.integer(0, DEMO_PRODUCTS.length - 1);
  const stride = random.integer(5, 24);
  let subtotal = 0;
  for (let line = 1; line <= lines; line += 1) {
    const index = (first + line * stride) % DEMO_PRODUCTS.length;
    const product = DEMO_PRODUCTS[index] as (typeof DEMO_PRODUCTS)[number];
    const unitPrice = ledger.prices[index] as number;
    const quantity = demoQuantity(random);
    subtotal += quantity * unitPrice;
    items.push([orderId, line, product.sku, product.title, quantity, unitPrice]);
  }
  return subtotal;
}

function demoQuantity(random: SeededRandom): number {
  const roll = random.next();
  if (roll < 0.8) return 1;
  if (roll < 0.95) return 2;
  if (roll < 0.99) return 3;
  return random.integer(5, 12);
}
