import type pg from 'pg';
import type { SourceSpec } from '../open-source.js';
import { SourceCounters, type OrdersSource } from '../orders-source.js';
import type { QueryObserver, SnapshotEvents } from '../snapshot.js';
import { cancelRunning } from './cancel.js';
import { connect, createClient, describeUrl, type ConnectionSettings } from './connection.js';
import { PostgresSnapshot, type SnapshotConnection } from './postgres-snapshot.js';
import { checkSchema } from './schema-check.js';
import { sourceFailure } from './source-failure.js';

type PostgresSpec = Extract<SourceSpec, { engine: 'postgres' }>;

/** How long a readiness answer is reused: probes that come together share one connection attempt. */
const READINESS_TTL_MS = 1000;

/**
 * A PostgreSQL orders database (`SHOPZIP_SOURCE_URL`). Each snapshot is a connection of its own, opened when its
 * export starts and closed when it ends: the export workers share no pool, so the connections open at once are
 * exactly the running exports, which the main thread caps at `poolMax` (see `connectionLimit`).
 */
export class PostgresSource implements OrdersSource {
  readonly system = 'postgresql';
  readonly counters = new SourceCounters();
  readonly #settings: ConnectionSettings;
  #readiness: { readonly at: number; readonly ready: Promise<boolean> } | undefined;

  constructor(readonly spec: PostgresSpec) {
    this.#settings = { url: spec.url, connectTimeoutMs: spec.connectTimeoutMs, statementTimeoutMs: spec.statementTimeoutMs };
  }

  get description(): string {
    return describeUrl(this.spec.url);
  }

  get connectionLimit(): number {
    return this.spec.poolMax;
  }

  /**
   * Connects, starts `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY` and checks the schema in it (its first
   * query takes the snapshot).
   * @throws {ShopzipError} `source_unavailable` when the database cannot be reached within the connect timeout,
   *   refuses the connection, or does not match the schema (the cause names the table or column).
   */
  async openSnapshot(onQuery?: QueryObserver, events?: SnapshotEvents): Promise<PostgresSnapshot> {
    const tracked = events ?? this.counters.trackSnapshot();
    const client = createClient(this.#settings);
    try {
      await connect(client, this.#settings);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await checkSchema(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      tracked.closed();
      throw sourceFailure(error, 'starting the export');
    }
    return new PostgresSnapshot(this.#connectionOf(client), tracked, onQuery);
  }

  /** Whether a connection can be had now: one `SELECT 1`, shared by the probes of the same second. */
  isReadable(): Promise<boolean> {
    const now = performance.now();
    if (this.#readiness === undefined || now - this.#readiness.at > READINESS_TTL_MS) {
      this.#readiness = { at: now, ready: this.#probe() };
    }
    return this.#readiness.ready;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #probe(): Promise<boolean> {
    const client = createClient(this.#settings);
    try {
      await connect(client, this.#settings);
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  #connectionOf(client: pg.Client): SnapshotConnection {
    return {
      client,
      release: async (cancel) => {
        if (cancel) {
          await cancelRunning(client);
        } else {
          await client.query('COMMIT').catch(() => undefined);
        }
        await client.end().catch(() => undefined);
      },
    };
  }
}
