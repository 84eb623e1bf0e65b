import Router from '@koa/router';

export interface HealthState {
  /** False once shutdown has begun. */
  readonly accepting: () => boolean;
  /** Whether a connection to the orders database can be had now; never rejects. */
  readonly sourceReadable: () => Promise<boolean>;
}

/** `GET /healthz` (the process is up) and `GET /readyz` (it takes downloads: not shutting down, source readable). */
export function healthRoutes(state: HealthState): Router {
  const router = new Router();
  router.get('/healthz', (context) => {
    context.set('Cache-Control', 'no-store');
    context.body = { status: 'ok' };
  });
  router.get('/readyz', async (context) => {
    context.set('Cache-Control', 'no-store');
    const ready = state.accepting() && await state.sourceReadable();
    context.status = ready ? 200 : 503;
    context.body = { status: ready ? 'ready' : 'not ready', accepting: state.accepting() };
  });
  return router;
}
