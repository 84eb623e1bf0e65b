import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { invalidParameter } from '../errors.js';
import { JOB_STATES, NO_PROGRESS, statesLeadingTo, type JobProgress, type JobRecord, type JobState, type NewJob, type ProblemDocument } from './job.js';
import type { CreateOutcome, JobPage, JobStore, ListQuery, TransitionFields } from './job-store.js';
import { decodeCursor, encodeCursor, JOBS_SCHEMA, recordOf, type JobRow } from './sqlite-job-rows.js';

const COLUMNS: Readonly<Record<keyof TransitionFields, (value: never) => Record<string, unknown>>> = {
  startedAt: (value: number | null) => ({ started_at: value }),
  finishedAt: (value: number | null) => ({ finished_at: value }),
  expiresAt: (value: number | null) => ({ expires_at: value }),
  progress: (value: JobProgress) => progressColumns(value),
  artifact: (value: JobRecord['artifact']) => ({ artifact_key: value?.key ?? null, artifact_bytes: value?.bytes ?? null, artifact_sha256: value?.sha256 ?? null }),
  error: (value: ProblemDocument | null) => ({ error: value === null ? null : JSON.stringify(value) }),
  traceId: (value: string | null) => ({ trace_id: value }),
};

/**
 * Jobs as rows of the state database (`SHOPZIP_STATE_DB`, WAL mode), beside the tokens. Each change is one
 * `UPDATE ... WHERE state IN (...) RETURNING *`, so another connection (another process on the same file) can
 * never move the same job at the same time.
 */
export class SqliteJobStore implements JobStore {
  readonly #database: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  /** Opens (creating if needed) the state database at `path` (`:memory:` for tests). */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#database = new Database(path);
    this.#database.pragma('journal_mode = WAL');
    this.#database.pragma('busy_timeout = 5000');
    this.#database.exec(JOBS_SCHEMA);
  }

  async create(job: NewJob, maxUnfinished: number): Promise<CreateOutcome> {
    const create = this.#database.transaction((): CreateOutcome => {
      const existing = job.idempotencyKey === null ? undefined : this.#byKey(job.tokenId, job.idempotencyKey);
      if (existing !== undefined) return existing.fingerprint === job.fingerprint ? { kind: 'replayed', job: existing } : { kind: 'key_reused' };
      const unfinished = this.#statement("SELECT count(*) FROM export_jobs WHERE token_id = ? AND state IN ('queued', 'running')").pluck().get(job.tokenId) as number;
      if (unfinished >= maxUnfinished) return { kind: 'too_many', unfinished };
      const row = this.#statement(`INSERT INTO export_jobs (id, token_id, state, request, visible_shops, file_name, idempotency_key, fingerprint, created_at, creator_traceparent)
        VALUES (@id, @tokenId, 'queued', @request, @visibleShops, @fileName, @idempotencyKey, @fingerprint, @createdAt, @creatorTraceparent) RETURNING *`).get({
        ...job, request: JSON.stringify(job.request), visibleShops: job.visibleShops === null ? null : JSON.stringify(job.visibleShops),
      }) as JobRow;
      return { kind: 'created', job: recordOf(row) };
    });
    return create.immediate();
  }

  async findByKey(tokenId: string, idempotencyKey: string): Promise<JobRecord | undefined> {
    return this.#byKey(tokenId, idempotencyKey);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.#one('SELECT * FROM export_jobs WHERE id = ?', id);
  }

  async list(tokenId: string, query: ListQuery): Promise<JobPage> {
    const after = query.cursor === null ? null : decodeCursor(query.cursor);
    if (after === undefined) throw invalidParameter('cursor', 'cursor is not one this service gave: pass next_cursor of the previous page as it is');
    const rows = this.#statement(`SELECT * FROM export_jobs WHERE token_id = @tokenId
      AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
      AND (@createdAt IS NULL OR created_at < @createdAt OR (created_at = @createdAt AND id < @id))
      ORDER BY created_at DESC, id DESC LIMIT @limit`).all({
      tokenId, states: query.states === null ? null : JSON.stringify(query.states), createdAt: after?.createdAt ?? null, id: after?.id ?? null, limit: query.limit + 1,
    }) as JobRow[];
    const jobs = rows.slice(0, query.limit).map(recordOf);
    const last = jobs[jobs.length - 1];
    return { jobs, nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null };
  }

  async claim(now: number): Promise<JobRecord | undefined> {
    return this.#one(`UPDATE export_jobs SET state = 'running', started_at = @now, version = version + 1, ${assignments(progressColumns(NO_PROGRESS))}
      WHERE id = (SELECT id FROM export_jobs WHERE state = 'queued' ORDER BY created_at, rowid LIMIT 1) AND state = 'queued' RETURNING *`, { now, ...progressColumns(NO_PROGRESS) });
  }

  async transition(id: string, to: JobState, fields: TransitionFields): Promise<JobRecord | undefined> {
    return this.#move(id, to, fields);
  }

  async saveProgress(id: string, progress: JobProgress, traceId?: string): Promise<JobRecord | undefined> {
    const columns = { ...progressColumns(progress), ...(traceId === undefined ? {} : { trace_id: traceId }) };
    return this.#one(`UPDATE export_jobs SET version = version + 1, ${assignments(columns)} WHERE id = @id AND state = 'running' RETURNING *`, { id, ...columns });
  }

  async delete(id: string): Promise<boolean> {
    return this.#statement('DELETE FROM export_jobs WHERE id = ?').run(id).changes > 0;
  }

  async recover(maxDeaths: number, failure: (job: JobRecord) => TransitionFields): Promise<{ requeued: JobRecord[]; failed: JobRecord[] }> {
    const recover = this.#database.transaction(() => {
      const running = (this.#statement("SELECT * FROM export_jobs WHERE state = 'running' ORDER BY created_at").all() as JobRow[]).map(recordOf);
      const requeued: JobRecord[] = [];
      const failed: JobRecord[] = [];
      for (const job of running) {
        this.#statement('UPDATE export_jobs SET deaths = deaths + 1 WHERE id = ?').run(job.id);
        if (job.deaths + 1 >= maxDeaths) failed.push(this.#move(job.id, 'failed', failure(job))!);
        else requeued.push(this.#move(job.id, 'queued', { startedAt: null, progress: NO_PROGRESS })!);
      }
      return { requeued, failed };
    });
    return recover.immediate();
  }

  async expire(now: number): Promise<JobRecord[]> {
    return this.#all("UPDATE export_jobs SET state = 'expired', version = version + 1 WHERE state = 'succeeded' AND expires_at <= ? RETURNING *", now);
  }

  async purge(now: number, ttlMs: number): Promise<JobRecord[]> {
    return this.#all("DELETE FROM export_jobs WHERE state IN ('failed', 'cancelled', 'expired') AND expires_at + ? <= ? RETURNING *", ttlMs, now);
  }

  async countByState(): Promise<Record<JobState, number>> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    for (const { state, count } of this.#statement('SELECT state, count(*) AS count FROM export_jobs GROUP BY state').all() as { state: JobState; count: number }[]) counts[state] = count;
    return counts;
  }

  async artifactBytes(): Promise<number> {
    return this.#statement("SELECT coalesce(sum(artifact_bytes), 0) FROM export_jobs WHERE state = 'succeeded'").pluck().get() as number;
  }

  async signingKey(): Promise<Buffer> {
    this.#statement("INSERT OR IGNORE INTO settings (name, value) VALUES ('download_signing_key', ?)").run(randomBytes(32));
    return this.#statement("SELECT value FROM settings WHERE name = 'download_signing_key'").pluck().get() as Buffer;
  }

  async close(): Promise<void> {
    this.#database.close();
  }

  #move(id: string, to: JobState, fields: TransitionFields): JobRecord | undefined {
    const columns = Object.assign({}, ...Object.entries(fields).map(([name, value]) => COLUMNS[name as keyof TransitionFields](value as never))) as Record<string, unknown>;
    const set = ['state = @to', 'version = version + 1', ...(Object.keys(columns).length === 0 ? [] : [assignments(columns)])].join(', ');
    return this.#one(`UPDATE export_jobs SET ${set} WHERE id = @id AND state IN (SELECT value FROM json_each(@from)) RETURNING *`, {
      id, to, from: JSON.stringify(statesLeadingTo(to)), ...columns,
    });
  }

  #byKey(tokenId: string, idempotencyKey: string): JobRecord | undefined {
    return this.#one('SELECT * FROM export_jobs WHERE token_id = ? AND idempotency_key = ?', tokenId, idempotencyKey);
  }

  #one(sql: string, ...parameters: unknown[]): JobRecord | undefined {
    const row = this.#statement(sql).get(...parameters) as JobRow | undefined;
    return row === undefined ? undefined : recordOf(row);
  }

  #all(sql: string, ...parameters: unknown[]): JobRecord[] {
    return (this.#statement(sql).all(...parameters) as JobRow[]).map(recordOf);
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function progressColumns(progress: JobProgress): Record<string, unknown> {
  return {
    entries_done: progress.entriesDone, entries_total: progress.entriesTotal, rows_done: progress.rowsDone,
    rows_total: progress.rowsTotal, bytes_written: progress.bytesWritten,
  };
}

/** `a = @a, b = @b` for the named columns (fixed names from this file, never input). */
function assignments(columns: Record<string, unknown>): string {
  return Object.keys(columns).map((name) => `${name} = @${name}`).join(', ');
}
