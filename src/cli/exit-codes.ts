import { ApiError, NetworkError } from '../client/api-client.js';
import { describeError } from '../client/problem-words.js';

/** The exit codes a script can rely on. */
export const EXIT = {
  /** The export is done (or the command did what it was asked). */
  done: 0,
  /** The job failed, was cancelled or expired, or its download did not match its SHA-256. */
  failed: 1,
  /** Bad arguments, no token, or the service refused the request as given (a 4xx answer). */
  usage: 2,
  /** The service could not be reached, the connection broke beyond the retries, or it is unavailable (429, 5xx). */
  network: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the command reports in words, with its exit code. */
export class CliError extends Error {
  override name = 'CliError';

  constructor(message: string, readonly exitCode: ExitCode, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The message and exit code of any error that ends a command. */
export function exitOf(error: unknown): { message: string; code: ExitCode } {
  if (error instanceof CliError) return { message: error.message, code: error.exitCode };
  if (error instanceof NetworkError) return { message: describeError(error), code: EXIT.network };
  if (error instanceof ApiError) {
    const unavailable = error.status === 429 || error.status >= 500;
    return { message: describeError(error), code: unavailable ? EXIT.network : EXIT.usage };
  }
  return { message: describeError(error), code: EXIT.failed };
}
