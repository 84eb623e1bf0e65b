import type pg from 'pg';
import { createClient, type ConnectionSettings } from './connection.js';

/** How long to wait for the server to take a cancel request before closing the connection anyway. */
const CANCEL_WAIT_MS = 500;

interface ClientInternals {
  readonly activeQuery?: unknown;
  /** node-postgres' `Client#cancel` (not in its types): sends a cancel request for `client`'s running `query`. */
  cancel(client: pg.Client, query: unknown): void;
  readonly connection: { readonly stream: { destroy(): void; once(event: 'close', listener: () => void): void } };
}

/**
 * Cancels the statement running on `client`'s connection, as `pg_cancel_backend` does: a cancel request with the
 * connection's key, on a connection of its own (node-postgres' `Client#cancel`), waited for at most
 * {@link CANCEL_WAIT_MS}; then closes `client`'s socket at once, so the server ends the backend and nothing is
 * left running or holding the snapshot whether or not the request got through.
 */
export async function cancelRunning(client: pg.Client, settings: ConnectionSettings): Promise<void> {
  const internals = client as unknown as ClientInternals;
  const active = internals.activeQuery;
  if (active !== undefined && active !== null) {
    const canceller = createClient(settings) as unknown as ClientInternals;
    const sent = new Promise<void>((resolve) => {
      const connection = canceller.connection;
      connection.stream.once('close', resolve);
      setTimeout(resolve, CANCEL_WAIT_MS).unref();
    });
    try {
      canceller.cancel(client, active);
      await sent;
    } finally {
      canceller.connection.stream.destroy();
    }
  }
  internals.connection.stream.destroy();
}
