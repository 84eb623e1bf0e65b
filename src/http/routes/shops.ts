import Router from '@koa/router';
import { readableShops, type TokenStore } from '../../auth/token-store.js';
import type { OrdersSource } from '../../source/orders-source.js';
import type { ShopRecord } from '../../source/snapshot.js';
import { authenticate, principalOf } from '../authenticate.js';

export interface ShopRouteDependencies {
  readonly source: OrdersSource;
  readonly tokens: TokenStore;
}

export const SHOPS_PATH = '/v1/shops';

/**
 * `GET /v1/shops`: the shops the token may read, in slug order. A shop outside the token's scope is not listed,
 * just as an export of it is answered like a shop that does not exist.
 */
export function shopRoutes(dependencies: ShopRouteDependencies): Router {
  const router = new Router();
  router.get(SHOPS_PATH, authenticate(dependencies.tokens), async (context) => {
    const visible = readableShops(principalOf(context));
    const snapshot = await dependencies.source.openSnapshot();
    let shops: ShopRecord[];
    try {
      shops = await (visible === null ? snapshot.allShops() : snapshot.findShops(visible));
    } finally {
      await snapshot.close();
    }
    context.set('Cache-Control', 'no-store');
    context.body = { shops: shops.map(({ slug, name, currency, timezone }) => ({ slug, name, currency, time_zone: timezone })) };
  });
  return router;
}
