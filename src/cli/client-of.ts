import { Option } from 'commander';
import { ApiClient } from '../client/api-client.js';
import { CliError, EXIT } from './exit-codes.js';

/** The default service: the address `npm start` listens on. */
export const DEFAULT_URL = 'http://127.0.0.1:8080';

/**
 * The API client for a command: the service at `url` with the token from `SHOPZIP_TOKEN` (never an argument, which
 * would show in the shell's history and in the process list).
 * @throws {CliError} usage (2) when the token is missing or the URL is not http(s).
 */
export function clientOf(url: string, environment: Readonly<Record<string, string | undefined>>): ApiClient {
  const token = environment['SHOPZIP_TOKEN'];
  if (token === undefined || token === '') {
    throw new CliError('set SHOPZIP_TOKEN to your API token (npm run tokens -- create … prints one)', EXIT.usage);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--url is not a URL: ${url}`, EXIT.usage);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(`--url must be http or https: ${url}`, EXIT.usage);
  return new ApiClient(parsed.href, token);
}

/** The `--url` option every command takes (`SHOPZIP_URL`, else the address `npm start` listens on). */
export function urlOption(environment: Readonly<Record<string, string | undefined>>): Option {
  return new Option('--url <url>', 'the shopzip service').default(environment['SHOPZIP_URL'] ?? DEFAULT_URL);
}
