/**
 * The JSON shapes of shopzip's HTTP API as its clients (the web page and the command line) read them. This folder
 * is the client side: it imports nothing from the server, and runs in a browser as well as in Node.js.
 */

/** `GET /v1/shops`: one shop the token may read. */
export interface Shop {
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly time_zone: string;
}

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

/** The JSON body of `POST /v1/exports/orders.zip` and `POST /v1/export-jobs`. */
export interface ExportRequestBody {
  readonly shops: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly status?: readonly string[];
  readonly formats?: readonly string[];
  readonly bom?: boolean;
}

/** An RFC 9457 problem document, with shopzip's members. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly parameter?: string;
  readonly shops?: readonly string[];
  readonly [member: string]: unknown;
}

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States after which a job changes no more (but for `succeeded` → `expired`). */
export const FINISHED_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export interface JobProgress {
  readonly entries_done: number;
  readonly entries_total: number | null;
  readonly rows_done: number;
  readonly rows_total: number | null;
  readonly bytes_written: number;
  readonly percent: number | null;
  readonly eta_seconds: number | null;
}

export interface JobArtifact {
  readonly bytes: number;
  readonly sha256: string;
  readonly etag: string;
  readonly download_url: string;
  readonly download_url_expires_at: string;
}

/** An export job (`GET /v1/export-jobs/{id}`). */
export interface Job {
  readonly id: string;
  readonly state: JobState;
  readonly request: Readonly<Record<string, unknown>> & { readonly shops?: readonly string[] };
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly expires_at: string | null;
  readonly progress: JobProgress;
  readonly artifact?: JobArtifact | null;
  readonly error?: Problem | null;
  readonly trace_id?: string | null;
}

/** A page of `GET /v1/export-jobs`. */
export interface JobPage {
  readonly jobs: readonly Job[];
  readonly next_cursor?: string | null;
}
