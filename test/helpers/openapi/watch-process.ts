// Loaded with `node --import` into a service process that a test starts (see service-process.ts): every server the
// process creates has its responses checked against the OpenAPI document, and each violation is written to stderr
// as one line `openapi-violation <JSON text>`, which the test's side reads back (`violationsIn`).
import http from 'node:http';
import { Contract } from './contract.js';
import { recordExchanges } from './exchange.js';

export const VIOLATION_PREFIX = 'openapi-violation ';

const contract = new Contract();
const createServer = http.createServer;
http.createServer = function createCheckedServer(this: unknown, ...args: unknown[]) {
  const server = (createServer as (...parameters: unknown[]) => http.Server).apply(this, args);
  recordExchanges(server, (exchange) => {
    let found: string[];
    try {
      found = contract.check(exchange);
    } catch (error) {
      found = [`${exchange.method} ${exchange.url}: the check failed: ${String(error)}`];
    }
    for (const violation of found) process.stderr.write(`\n${VIOLATION_PREFIX}${JSON.stringify(violation)}\n`);
  });
  return server;
} as typeof http.createServer;
