import type { ExportRequestBody, Job, JobPage, Problem, Shop } from './types.js';

/** The server answered with an error: its status and problem document (a bare one when the body was not JSON). */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** shopzip could not be reached, or the connection broke (the `cause` is the platform's error). */
export class NetworkError extends Error {
  override name = 'NetworkError';

  constructor(readonly url: string, options?: ErrorOptions) {
    super(`cannot reach shopzip at ${new URL(url).origin}`, options);
  }
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * A thin client of shopzip's HTTP API: the bearer token on every request, JSON in and out, and every error answer
 * thrown as an {@link ApiError}. Works with the `fetch` of browsers and of Node.js.
 */
export class ApiClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly token: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** An absolute URL of an API path. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /**
   * Sends a request and returns the response when its status is below 400.
   * @throws {ApiError} for a 4xx or 5xx answer. @throws {NetworkError} when the server cannot be reached.
   */
  async send(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...options.headers };
    const init: RequestInit = { method: options.method ?? 'GET', headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.signal !== undefined) init.signal = options.signal;
    let response: Response;
    try {
      response = await fetch(this.url(path), init);
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      throw new NetworkError(this.url(path), { cause: error });
    }
    if (response.status >= 400) throw new ApiError(response.status, await problemOf(response));
    return response;
  }

  /** The shops this token may read, in slug order. */
  async shops(): Promise<Shop[]> {
    return ((await (await this.send('/v1/shops')).json()) as { shops: Shop[] }).shops;
  }

  /** Starts an export job (the same body as a synchronous export). */
  async createJob(request: ExportRequestBody, idempotencyKey?: string): Promise<Job> {
    const headers = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
    return (await (await this.send('/v1/export-jobs', { method: 'POST', body: request, headers })).json()) as Job;
  }

  /** One job of this token. */
  async job(id: string): Promise<Job> {
    return (await (await this.send(jobPath(id))).json()) as Job;
  }

  /** This token's jobs, newest first. */
  async jobs(query: { state?: string; limit?: number; cursor?: string } = {}): Promise<JobPage> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
    const suffix = search.toString() === '' ? '' : `?${search.toString()}`;
    return (await (await this.send(`/v1/export-jobs${suffix}`)).json()) as JobPage;
  }

  /** Cancels a queued or running job (returned, now `cancelled`), or deletes a finished one (`null`). */
  async deleteJob(id: string): Promise<Job | null> {
    const response = await this.send(jobPath(id), { method: 'DELETE' });
    return response.status === 204 ? null : ((await response.json()) as Job);
  }
}

/** The path of a job, or of one of its sub-resources. */
export function jobPath(id: string, suffix = ''): string {
  return `/v1/export-jobs/${encodeURIComponent(id)}${suffix}`;
}

/** The problem document of an error response; a bare one (status and text) when the body is not one. */
export async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { status: response.status, ...(parsed as Problem) };
  } catch {
    // Not JSON: a proxy's error page, say. Fall through to a bare problem.
  }
  return { status: response.status, title: response.statusText, detail: text.slice(0, 200) };
}
