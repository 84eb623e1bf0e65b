import type { Snapshot } from '../source/snapshot.js';
import type { ExportPlan } from './plan.js';
import type { ExportRequest } from './request.js';

/**
 * How far an export is, for an export job. An export's rows are the data rows of all its entries: each shop's
 * orders count once in `orders.csv` and once in `orders.xlsx` (its Orders sheets), its order lines once in
 * `order_items.csv` and once in `orders.xlsx` (its Items sheets); headers and `manifest.json` count none. So the
 * total is (orders + order lines) x formats, summed over the shops, and the rows written reach it exactly when
 * the last data entry has been written. With both formats a row read once is written twice (the CSV, and the
 * workbook it is handed to meanwhile), and counts twice as it is written, so the count rises evenly.
 */
export async function rowsTotalOf(plan: ExportPlan, snapshot: Snapshot): Promise<number> {
  let rows = 0;
  for (const shop of plan.shops) {
    const counted = await snapshot.countRows(shop.filter);
    rows += counted.orders + counted.items;
  }
  return rows * plan.request.formats.length;
}

/** The entries of an export: per shop `orders.csv` and `order_items.csv`, and `orders.xlsx`, as asked; `manifest.json`. */
export function entriesTotalOf(request: ExportRequest): number {
  const perShop = (request.formats.includes('csv') ? 2 : 0) + (request.formats.includes('xlsx') ? 1 : 0);
  return request.shops.length * perShop + 1;
}

/** Rows written, reported in batches rather than one by one (a progress report crosses threads). */
export class RowBatch {
  static readonly SIZE = 1024;
  #pending = 0;

  constructor(private readonly report: (rows: number) => void) {}

  /** One more row written. */
  add(): void {
    if ((this.#pending += 1) === RowBatch.SIZE) this.flush();
  }

  /** Reports the rows not reported yet (at the end of each table's rows). */
  flush(): void {
    if (this.#pending === 0) return;
    const rows = this.#pending;
    this.#pending = 0;
    this.report(rows);
  }
}
