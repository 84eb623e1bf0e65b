import type { SeededRandom } from './random.js';

/**
 * Picks which shop an order belongs to, unevenly: shop k (0-based) is chosen with weight 1 / (k + 1), so the first
 * shop is busy and the last ones are small, as in a real marketplace.
 */
export class ShopPicker {
  private readonly cumulative: number[] = [];

  constructor(count: number) {
    let sum = 0;
    for (let index = 0; index < count; index += 1) {
      sum += 1 / (index + 1);
      this.cumulative.push(sum);
    }
  }

  /** The 0-based index of a shop. */
  pick(random: SeededRandom): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const target = random.next() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
