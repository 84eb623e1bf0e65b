import pg from 'pg';
import { ShopzipError } from '../../errors.js';

/** How shopzip connects to PostgreSQL (see `SourceSpec`). */
export interface ConnectionSettings {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/** The name every connection of shopzip shows in `pg_stat_activity`. */
export const APPLICATION_NAME = 'shopzip';

/** The text of every type as PostgreSQL sends it: rows are parsed by the snapshot, not by node-postgres. */
const AS_TEXT = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

/**
 * A client for one connection: `application_name=shopzip`, the connect timeout, `statement_timeout` when set, the
 * session in UTC (so `timestamptz` text is UTC), values left as text. The URL's `sslmode` is honoured by
 * node-postgres' own parser.
 * @throws {ShopzipError} `source_unavailable` when node-postgres cannot use the URL (its message is not kept: it
 *   may quote the password).
 */
export function createClient(settings: ConnectionSettings): pg.Client {
  const options = ['-c TimeZone=UTC', '-c DateStyle=ISO'];
  if (settings.statementTimeoutMs > 0) options.push(`-c statement_timeout=${settings.statementTimeoutMs}`);
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: settings.url,
      application_name: APPLICATION_NAME,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      options: options.join(' '),
      types: AS_TEXT,
      keepAlive: true,
    });
  } catch {
    // The parser's message may quote the URL, and so its password.
    throw new ShopzipError('source_unavailable', 'the orders database cannot be reached; try again later', {}, {
      cause: new Error(`the connection settings of ${describeUrl(settings.url)} cannot be used`),
    });
  }
  // A connection lost while no query runs (the server ended it: `pg_terminate_backend`, a shutdown) is an 'error'
  // event, which would end the process if nobody listened; the next query fails without the server's reason, so
  // it is kept for the export's report (see `connectionErrorOf`).
  client.on('error', (error) => { connectionErrors.set(client, error); });
  return client;
}

const connectionErrors = new WeakMap<pg.Client, Error>();

/** The error that ended a client's connection while no query ran, if one did. */
export function connectionErrorOf(client: pg.Client): Error | undefined {
  return connectionErrors.get(client);
}

/**
 * Connects a client within the connect timeout.
 * @throws {ShopzipError} `source_unavailable` when the database cannot be reached or refuses the connection (the
 *   cause, for the log, says why; it never holds the password).
 */
export async function connect(client: pg.Client, settings: ConnectionSettings): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    client.end().catch(() => undefined);
    throw new ShopzipError('source_unavailable', 'the orders database cannot be reached; try again later', {}, {
      cause: new Error(`connecting to ${describeUrl(settings.url)} failed: ${messageOf(error)}`),
    });
  }
}

/** The URL without its password (and without query parameters, which may hold one), for logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres://(an unparsable URL)';
  }
}

/** An error's message with its SQLSTATE, when the server gave one. */
export function messageOf(error: unknown): string {
  const code = sqlStateOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${message} (SQLSTATE ${code})`;
}

/** The SQLSTATE of a server's error, if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
