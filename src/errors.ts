/** Every failure shopzip reports has one of these codes. */
export type ErrorCode =
  | 'invalid_parameter'
  | 'unknown_parameter'
  | 'unknown_shops'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'too_many_requests'
  | 'source_unavailable'
  | 'shutting_down'
  | 'not_found'
  | 'method_not_allowed'
  | 'idempotency_key_reused'
  | 'too_many_jobs'
  | 'artifact_not_ready'
  | 'artifact_expired'
  | 'invalid_signature'
  | 'artifact_write_failed'
  | 'job_interrupted'
  | 'internal';

const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_parameter: 400,
  unknown_parameter: 400,
  unknown_shops: 404,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  too_many_requests: 429,
  source_unavailable: 503,
  shutting_down: 503,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_key_reused: 422,
  too_many_jobs: 429,
  artifact_not_ready: 409,
  artifact_expired: 410,
  invalid_signature: 403,
  artifact_write_failed: 500,
  job_interrupted: 500,
  internal: 500,
};

const TITLE_BY_CODE: Readonly<Record<ErrorCode, string>> = {
  invalid_parameter: 'Invalid parameter',
  unknown_parameter: 'Unknown parameter',
  unknown_shops: 'Unknown shops',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Request body too large',
  unauthorized: 'Unauthorized',
  too_many_requests: 'Too many concurrent downloads',
  source_unavailable: 'Orders database unavailable',
  shutting_down: 'Shutting down',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  idempotency_key_reused: 'Idempotency key reused',
  too_many_jobs: 'Too many unfinished export jobs',
  artifact_not_ready: 'Export not finished',
  artifact_expired: 'Export expired',
  invalid_signature: 'Invalid or expired download link',
  artifact_write_failed: 'Export file could not be written',
  job_interrupted: 'Export job interrupted',
  internal: 'Internal error',
};

/** Every error code with its HTTP status and title, in the order above: the OpenAPI document's table of codes. */
export const ERROR_CATALOG: readonly { readonly code: ErrorCode; readonly status: number; readonly title: string }[] =
  (Object.keys(STATUS_BY_CODE) as ErrorCode[]).map((code) => ({ code, status: STATUS_BY_CODE[code], title: TITLE_BY_CODE[code] }));

/** Extra, client-safe facts carried by an error (the parameter at fault, the unknown shops, ...). */
export interface ErrorDetails {
  readonly parameter?: string;
  readonly shops?: readonly string[];
  readonly retryAfterSeconds?: number;
  /** The database's SQLSTATE, when the orders database failed (PostgreSQL). */
  readonly sqlState?: string;
}

/**
 * The one error type of shopzip. Its message is written for the client and never holds SQL, paths or stack
 * traces; the `cause` (if any) is for the log only.
 */
export class ShopzipError extends Error {
  override name = 'ShopzipError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }

  /** A short, fixed summary of the error's kind (RFC 9457 `title`). */
  get title(): string {
    return TITLE_BY_CODE[this.code];
  }
}

/** Shorthand for the most common error: a request parameter with a bad value. */
export function invalidParameter(parameter: string, message: string): ShopzipError {
  return new ShopzipError('invalid_parameter', message, { parameter });
}

/**
 * RFC 9457 problem document of an error; only client-safe facts, never a stack, SQL or a path. Its extension members
 * are snake_case like the rest of the API's JSON: `code`, and the details (`parameter`, `shops`,
 * `retry_after_seconds`, `sql_state`).
 */
export function problemOf(error: ShopzipError, instance: string): Record<string, unknown> {
  const details = Object.entries(error.details).filter(([, value]) => value !== undefined).map(([name, value]) => [snakeCase(name), value]);
  return {
    type: `urn:shopzip:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    ...Object.fromEntries(details),
  };
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
