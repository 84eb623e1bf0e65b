import { availableParallelism } from 'node:os';
import { ShopzipError } from './errors.js';
import type { SourceSpec } from './source/open-source.js';

/** Everything shopzip reads from its environment, validated once at start-up. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** The orders database, opened read-only: SQLite at `sourceDatabasePath`, or PostgreSQL (`SHOPZIP_SOURCE_URL`). */
  readonly source: SourceSpec;
  /** The SQLite orders database (and where demo data goes), when `source` is SQLite. */
  readonly sourceDatabasePath: string;
  /** shopzip's own state (API tokens), read-write. */
  readonly stateDatabasePath: string;
  /** Create and fill the source database with demo data when it does not exist. */
  readonly seedDemoData: boolean;
  /**
   * Worker threads that read the database and encode CSV and XLSX (started with the first export); 0 runs every
   * export on the main thread. By default one per core but one: the main thread keeps HTTP, the ZIP and deflate.
   */
  readonly exportWorkers: number;
  /** Deflate level (0-9) of CSV entries and of the parts inside each XLSX. */
  readonly deflateLevel: number;
  /** Largest accepted JSON request body, in bytes. */
  readonly maxBodyBytes: number;
  /** Most shops one request may name. */
  readonly maxShopsPerRequest: number;
  /** Longest allowed span from `from` to `to`, in days; 0 = no limit (when set, both bounds are required). */
  readonly maxSpanDays: number;
  /** Downloads streaming at once, in total and per token; more are answered 429. */
  readonly maxConcurrentExports: number;
  readonly maxConcurrentExportsPerToken: number;
  /** A download whose client has read nothing for this long is aborted. */
  readonly idleSendTimeoutMs: number;
  /** After SIGTERM, how long in-flight downloads may take to finish before they are aborted. */
  readonly shutdownGraceMs: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <this>`. */
  readonly metricsToken: string | null;
  /** When set, `/metrics`, `/healthz` and `/readyz` are served on this port (and host) instead of the main one. */
  readonly opsPort: number | null;
  readonly opsHost: string;
  /** Where export jobs write their ZIP files. */
  readonly artifactDirectory: string;
  /** Export jobs running at once; the others wait in order. */
  readonly maxRunningJobs: number;
  /** Unfinished (queued or running) export jobs one token may have; more are answered 429. */
  readonly maxQueuedJobsPerToken: number;
  /** A finished job's file is removed this long after it finished, and its record as long again later. */
  readonly jobTtlHours: number;
  /** The key of signed download links (HMAC-SHA256); null: a random key kept in the state database. */
  readonly signingKey: string | null;
  /** How long a signed download link is valid. */
  readonly downloadUrlTtlSeconds: number;
  /** The service's public base URL for absolute download links (`https://exports.example.com`); null: the request's own. */
  readonly publicUrl: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

type Environment = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration from environment variables (see README "Configuration").
 * @throws {ShopzipError} `invalid_parameter` naming the variable when a value is malformed.
 */
export function loadConfig(environment: Environment = process.env): Config {
  const read = new EnvironmentReader(environment);
  const exportWorkers = read.integer('SHOPZIP_EXPORT_WORKERS', Math.max(1, availableParallelism() - 1), 0, 64);
  const sourceDatabasePath = read.text('SHOPZIP_SOURCE_DB', './data/source.db');
  return Object.freeze({
    host: read.text('HOST', '127.0.0.1'),
    port: read.integer('PORT', 8080, 0, 65_535),
    source: sourceSpecOf(read, sourceDatabasePath),
    sourceDatabasePath,
    stateDatabasePath: read.text('SHOPZIP_STATE_DB', './data/state.db'),
    seedDemoData: read.boolean('SHOPZIP_DEMO_DATA', true),
    exportWorkers,
    deflateLevel: read.integer('SHOPZIP_DEFLATE_LEVEL', 1, 0, 9),
    maxBodyBytes: read.integer('SHOPZIP_MAX_BODY_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    maxShopsPerRequest: read.integer('SHOPZIP_MAX_SHOPS', 1000, 1, 100_000),
    maxSpanDays: read.integer('SHOPZIP_MAX_SPAN_DAYS', 0, 0, 100_000),
    maxConcurrentExports: read.integer('SHOPZIP_MAX_CONCURRENT_EXPORTS', 8, 1, 10_000),
    maxConcurrentExportsPerToken: read.integer('SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN', 2, 1, 10_000),
    idleSendTimeoutMs: read.integer('SHOPZIP_IDLE_SEND_TIMEOUT_MS', 60_000, 100, 86_400_000),
    shutdownGraceMs: read.integer('SHOPZIP_SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
    metricsToken: read.optionalText('SHOPZIP_METRICS_TOKEN'),
    opsPort: read.optionalInteger('SHOPZIP_OPS_PORT', 0, 65_535),
    opsHost: read.text('SHOPZIP_OPS_HOST', '127.0.0.1'),
    artifactDirectory: read.text('SHOPZIP_ARTIFACT_DIR', './data/artifacts'),
    maxRunningJobs: read.integer('SHOPZIP_MAX_RUNNING_JOBS', Math.max(1, exportWorkers), 1, 64),
    maxQueuedJobsPerToken: read.integer('SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN', 10, 1, 10_000),
    jobTtlHours: read.integer('SHOPZIP_JOB_TTL_HOURS', 24, 1, 8760),
    signingKey: read.secret('SHOPZIP_SIGNING_KEY', 32),
    downloadUrlTtlSeconds: read.integer('SHOPZIP_DOWNLOAD_URL_TTL_SECONDS', 900, 1, 7 * 86_400),
    publicUrl: read.baseUrl('SHOPZIP_PUBLIC_URL'),
    logLevel: read.choice('SHOPZIP_LOG_LEVEL', LOG_LEVELS, 'info'),
  });
}

/**
 * PostgreSQL when `SHOPZIP_SOURCE_URL` is set, else SQLite at `SHOPZIP_SOURCE_DB`; both set is an error. The URL
 * is never echoed in an error: it holds the password.
 */
function sourceSpecOf(read: EnvironmentReader, sqlitePath: string): SourceSpec {
  const url = read.optionalText('SHOPZIP_SOURCE_URL');
  if (url === null) return { engine: 'sqlite', path: sqlitePath };
  if (read.optionalText('SHOPZIP_SOURCE_DB') !== null) {
    throw new ShopzipError('invalid_parameter', 'SHOPZIP_SOURCE_URL and SHOPZIP_SOURCE_DB are both set: set one of them', { parameter: 'SHOPZIP_SOURCE_URL' });
  }
  if (!/^postgres(ql)?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url)) {
    throw new ShopzipError('invalid_parameter', 'SHOPZIP_SOURCE_URL must be a postgres:// or postgresql:// URL', { parameter: 'SHOPZIP_SOURCE_URL' });
  }
  return {
    engine: 'postgres',
    url,
    poolMax: read.integer('SHOPZIP_SOURCE_POOL_MAX', 10, 1, 10_000),
    connectTimeoutMs: read.integer('SHOPZIP_SOURCE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    statementTimeoutMs: read.integer('SHOPZIP_SOURCE_STATEMENT_TIMEOUT_MS', 0, 0, 2_147_483_647),
  };
}

/** Typed reads of environment variables with defaults and precise errors. */
export class EnvironmentReader {
  constructor(private readonly environment: Environment) {}

  text(name: string, fallback: string): string {
    const value = this.environment[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optionalText(name: string): string | null {
    const value = this.environment[name];
    return value === undefined || value === '' ? null : value;
  }

  optionalInteger(name: string, minimum: number, maximum: number): number | null {
    return this.optionalText(name) === null ? null : this.integer(name, 0, minimum, maximum);
  }

  integer(name: string, fallback: number, minimum: number, maximum: number): number {
    const value = this.environment[name];
    if (value === undefined || value === '') return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= minimum && parsed <= maximum)) {
      throw this.#error(name, `must be an integer from ${minimum} to ${maximum}, got ${JSON.stringify(value)}`);
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.environment[name]?.toLowerCase();
    if (value === undefined || value === '') return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw this.#error(name, `must be true or false, got ${JSON.stringify(this.environment[name])}`);
  }

  /** A secret of at least `minimumLength` characters, or null when unset (the value is never echoed in errors). */
  secret(name: string, minimumLength: number): string | null {
    const value = this.optionalText(name);
    if (value !== null && value.length < minimumLength) throw this.#error(name, `must be at least ${minimumLength} characters long`);
    return value;
  }

  /** An absolute http(s) URL without query or fragment, returned without a trailing slash; null when unset. */
  baseUrl(name: string): string | null {
    const value = this.optionalText(name);
    if (value === null) return null;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
      throw this.#error(name, `must be an absolute http(s) URL without query or fragment, got ${JSON.stringify(value)}`);
    }
    return url.href.replace(/\/+$/, '');
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.environment[name];
    if (value === undefined || value === '') return fallback;
    const found = choices.find((choice) => choice === value);
    if (found === undefined) throw this.#error(name, `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
    return found;
  }

  #error(name: string, message: string): ShopzipError {
    return new ShopzipError('invalid_parameter', `${name} ${message}`, { parameter: name });
  }
}
