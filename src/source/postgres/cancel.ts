import pg from 'pg';

/** How long to wait for the server to take a cancel request before closing the connection anyway. */
const CANCEL_WAIT_MS = 500;

interface ClientInternals {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
  readonly connection: { readonly stream: { destroy(): void } };
}

interface CancelConnection {
  connect(port: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
  on(event: 'connect' | 'end' | 'error', listener: () => void): void;
  readonly stream: { destroy(): void };
}

/**
 * Cancels the statement running on `client`'s connection, as `pg_cancel_backend` does: a cancel request with the
 * connection's key, on a connection of its own (as libpq's `PQcancel`, in the clear: the server reads a cancel
 * request before any TLS), waited for at most {@link CANCEL_WAIT_MS}; then closes `client`'s socket at once, so the
 * server ends the backend and nothing is left running or holding the snapshot, whether or not the request got
 * through.
 */
export async function cancelRunning(client: pg.Client): Promise<void> {
  const { host, port, processID, secretKey, connection } = client as unknown as ClientInternals;
  if (processID !== null && secretKey !== null) {
    const canceller = new (pg as unknown as { Connection: new () => CancelConnection }).Connection();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CANCEL_WAIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      canceller.on('connect', () => canceller.cancel(processID, secretKey));
      canceller.on('end', done);
      canceller.on('error', done);
      if (host.startsWith('/')) canceller.connect(`${host}/.s.PGSQL.${port}`);
      else canceller.connect(port, host);
    });
    canceller.stream.destroy();
  }
  connection.stream.destroy();
}
