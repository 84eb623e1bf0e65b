import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { OrdersSource } from '../../src/source/orders-source.js';

/** A log line as the app wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface RunningApp {
  readonly server: Server;
  readonly source: OrdersSource;
  readonly config: Config;
  /** Every log line written so far. */
  readonly logs: LogLine[];
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1, port 0, against the given source database file. */
export async function startApp(options: { sourcePath: string; environment?: Record<string, string> }): Promise<RunningApp> {
  const config = loadConfig({ SHOPZIP_SOURCE_DB: options.sourcePath, SHOPZIP_DEMO_DATA: 'false', ...options.environment });
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const logger = createLogger('info', destination);
  const source = new OrdersSource(config.sourceDatabasePath);
  const server = createApp({ config, source, logger }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server, source, config, logs,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Polls `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 2000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
