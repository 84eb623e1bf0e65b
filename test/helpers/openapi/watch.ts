import type { Server } from 'node:http';
import { Contract } from './contract.js';
import { recordExchanges } from './exchange.js';

const contracts = new Map<string, Contract>();
const violations: string[] = [];

/**
 * Checks every response `server` gives against the OpenAPI document (see `Contract`), from now on; what does not hold
 * is kept for {@link takeViolations}, which fails the running test (the root hooks in hooks.ts). `paths`: the only
 * paths of the document this server serves (the ops app's), when not all.
 */
export function watchResponses(server: Server, paths?: readonly string[]): void {
  const key = paths?.join(' ') ?? '*';
  let contract = contracts.get(key);
  if (contract === undefined) {
    contract = new Contract(paths);
    contracts.set(key, contract);
  }
  const checker = contract;
  recordExchanges(server, (exchange) => {
    try {
      reportViolations(checker.check(exchange));
    } catch (error) {
      reportViolations([`${exchange.method} ${exchange.url}: the check failed: ${(error as Error).stack ?? String(error)}`]);
    }
  });
}

/** Keeps violations found elsewhere (in a service process, see watch-process.ts). */
export function reportViolations(found: readonly string[]): void {
  violations.push(...found);
}

/** The violations found since the last call, once the responses that closed meanwhile have been checked. */
export async function takeViolations(): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return violations.splice(0);
}

/** The paths of the ops app (`SHOPZIP_OPS_PORT`). */
export const OPS_PATHS = ['/metrics', '/healthz', '/readyz'] as const;
