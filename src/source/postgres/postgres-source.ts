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

/**
 * The export's transaction, and plans that stream. PostgreSQL plans a query (and so a COPY) for its total cost: for
 * a large shop that is a parallel scan of every order, a hash join and an on-disk sort, each query of each shop,
 * with nothing sent until the sort ends (1M-order bench: 20 s of server CPU, and the export idle meanwhile). The
 * schema's index `orders (shop_id, created_at, id)` and key `order_items (order_id, line_no)` give every query a
 * plan in the export's order that streams from the first row: an index scan, and a nested loop with an incremental
 * sort by `line_no`. These settings, for this transaction only, make the planner take it.
 */
export const BEGIN_SQL = `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
  SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
  SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off`;

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

  /** `SHOPZIP_SOURCE_POOL_MAX` connections; an export waits for one at most the connect timeout. */
  get connectionLimit(): { connections: number; waitMs: number } {
    return { connections: this.spec.poolMax, waitMs: this.spec.connectTimeoutMs };
  }

  /**
   * Connects, starts `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY` (with planner settings for streaming plans,
   * see {@link BEGIN_SQL}) and checks the schema in it (its first query takes the snapshot).
   * @throws {ShopzipError} `source_unavailable` when the database cannot be reached within the connect timeout,
   *   refuses the connection, or does not match the schema (the cause names the table or column).
   */
  async openSnapshot(onQuery?: QueryObserver, events?: SnapshotEvents): Promise<PostgresSnapshot> {
    const tracked = events ?? this.counters.trackSnapshot();
    let client: pg.Client | undefined;
    try {
      client = createClient(this.#settings);
      await connect(client, this.#settings);
      await client.query(BEGIN_SQL);
      await checkSchema(client);
    } catch (error) {
      await client?.end().catch(() => undefined);
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
    let client: pg.Client | undefined;
    try {
      client = createClient(this.#settings);
      await connect(client, this.#settings);
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client?.end().catch(() => undefined);
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
