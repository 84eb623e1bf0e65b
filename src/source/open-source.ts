import type { OrdersSource } from './orders-source.js';

/**
 * Which orders database to read and how, as plain data: the export workers get it from the main thread and open
 * the same source in their thread.
 */
export type SourceSpec =
  | { readonly engine: 'sqlite'; readonly path: string }
  | {
    readonly engine: 'postgres';
    /** A libpq URL (`sslmode` honoured); it holds the password: never log it (see `describeUrl`). */
    readonly url: string;
    /** Connections open at once: one per running export. */
    readonly poolMax: number;
    readonly connectTimeoutMs: number;
    /** Limit of each statement of an export; 0 = none. */
    readonly statementTimeoutMs: number;
  };

/**
 * Opens the source a spec names. An engine's module is loaded only when it is used, so a SQLite deployment never
 * loads the PostgreSQL client.
 */
export async function openOrdersSource(spec: SourceSpec): Promise<OrdersSource> {
  if (spec.engine === 'sqlite') {
    const { SqliteSource } = await import('./sqlite/sqlite-source.js');
    return new SqliteSource(spec.path);
  }
  const { PostgresSource } = await import('./postgres/postgres-source.js');
  return new PostgresSource(spec);
}
