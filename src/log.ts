import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** JSON-lines logger on stdout (or the given destination, which tests use to read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'shopzip' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination === undefined ? pino(options) : pino(options, destination);
}
