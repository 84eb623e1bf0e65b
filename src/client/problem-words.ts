import { ApiError, NetworkError } from './api-client.js';
import type { Problem } from './types.js';

const PARAMETER_NAMES: Readonly<Record<string, string>> = {
  shops: 'the shops',
  from: 'the start of the range',
  to: 'the end of the range',
  status: 'the order statuses',
  formats: 'the formats',
  bom: 'the byte-order mark option',
  body: 'the request',
};

/**
 * A problem document said in words a person understands: what went wrong and what to do about it, for the
 * finance and support staff who use the page and the command line, not for the developer who reads the JSON.
 */
export function describeProblem(problem: Problem): string {
  const detail = problem.detail ?? problem.title ?? 'no details were given';
  switch (problem.code) {
    case 'unauthorized':
      return 'The API token was not accepted. Check that you pasted the whole token, or ask for a new one.';
    case 'unknown_shops':
      return `${listOf(problem.shops)} cannot be found, or your token may not read ${problem.shops?.length === 1 ? 'it' : 'them'}.`;
    case 'invalid_parameter':
    case 'unknown_parameter':
      return `Please check ${PARAMETER_NAMES[problem.parameter ?? ''] ?? 'the request'}: ${detail}.`;
    case 'too_many_requests':
      return `Too many exports are running right now. Try again in ${numberOr(problem['retry_after_seconds'], 'a few')} seconds.`;
    case 'payload_too_large':
      return 'The request is too large. Choose fewer shops.';
    case 'source_unavailable':
      return 'The orders database cannot be read right now. Try again later.';
    case 'shutting_down':
      return 'shopzip is restarting. Try again in a minute.';
    case 'artifact_write_failed':
      return 'The server could not save the export file, perhaps because its disk is full. Tell your administrator.';
    case 'job_interrupted':
      return 'The export was interrupted several times (the server restarted while it ran). Start it again; if it happens again, tell your administrator.';
    case 'too_many_jobs':
      return 'You have too many exports waiting or running. Wait for one to finish, or cancel one.';
    case 'artifact_not_ready':
      return 'This export is not finished yet. Wait until it is ready, then download it.';
    case 'artifact_expired':
      return 'This export has expired and its file was removed. Start it again.';
    case 'invalid_signature':
      return 'This download link is no longer valid. Open the export again to get a fresh link.';
    case 'idempotency_key_reused':
      return 'This export was already started with other choices. Start it again.';
    case 'not_found':
      return 'This export does not exist (any more).';
    case 'internal':
      return `Something went wrong on the server. Try again; if it happens again, tell your administrator${traceOf(problem)}.`;
    default:
      return `${problem.title ?? 'The request failed'}: ${detail}${traceOf(problem)}.`;
  }
}

/** Any error a client meets, in words: a problem from the server, no connection, or something unexpected. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return describeProblem(error.problem);
  if (error instanceof NetworkError) return `${capitalized(error.message)}. Check your connection and try again.`;
  return `Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`;
}

function listOf(items: readonly string[] | undefined): string {
  if (items === undefined || items.length === 0) return 'A shop';
  const quoted = items.map((item) => `“${item}”`);
  return quoted.length === 1 ? `The shop ${quoted[0]}` : `The shops ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function numberOr(value: unknown, fallback: string): string {
  return typeof value === 'number' ? String(value) : fallback;
}

function traceOf(problem: Problem): string {
  const trace = problem['trace_id'];
  return typeof trace === 'string' ? ` (reference ${trace})` : '';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
