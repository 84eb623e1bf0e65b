import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/HTTP endpoint that accepts every export and throws it away, so that tracing costs what it costs. */
export interface OtlpSink {
  /** For `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporters append `/v1/traces`, `/v1/metrics`). */
  readonly endpoint: string;
  /** POSTs received and their body bytes, by path. */
  readonly received: ReadonlyMap<string, { requests: number; bytes: number }>;
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1, on a port of the system's choosing. */
export async function startOtlpSink(): Promise<OtlpSink> {
  const received = new Map<string, { requests: number; bytes: number }>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const tally = received.get(path) ?? { requests: 0, bytes: 0 };
    received.set(path, tally);
    request.on('data', (chunk: Buffer) => { tally.bytes += chunk.length; });
    request.on('end', () => {
      tally.requests += 1;
      // An empty ExportTraceServiceResponse: valid as protobuf (no fields) and, with this header, as JSON.
      response.writeHead(request.method === 'POST' ? 200 : 405, { 'Content-Type': request.headers['content-type'] ?? 'application/x-protobuf' });
      response.end(request.headers['content-type']?.includes('json') === true ? '{}' : undefined);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
