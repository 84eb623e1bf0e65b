import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEAD_BYTES = 64 * 1024;

/** A request the proxy forwarded. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface CuttingProxy {
  readonly requests: ProxiedRequest[];
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of `target` that drops the connection in the middle of the first `times` GET responses to
 * paths matching `path`: it forwards the status, the headers and the body up to the byte that `cutAt(head, total)`
 * names (undefined: not yet; `head` is the body's first 64 KiB, `total` the bytes received), then destroys the
 * socket, as a flaky network does. Everything else passes whole.
 */
export async function startCuttingProxy(target: string, rule: { path: RegExp; times: number; cutAt: (head: Buffer, total: number) => number | undefined }): Promise<CuttingProxy> {
  const requests: ProxiedRequest[] = [];
  let cuts = 0;
  const server = createServer((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    const cut = rule.path.test(incoming.url ?? '') && incoming.method === 'GET' && cuts < rule.times;
    if (cut) cuts += 1;
    const upstream = httpRequest(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: { ...incoming.headers, host: new URL(target).host } }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!cut) {
        answer.pipe(outgoing);
        return;
      }
      let head = Buffer.alloc(0);
      let total = 0;
      let dropped = false;
      answer.on('data', (chunk: Buffer) => {
        if (dropped) return;
        const start = total;
        total += chunk.length;
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk]);
        const at = rule.cutAt(head, total);
        if (at === undefined) {
          outgoing.write(chunk);
          return;
        }
        dropped = true;
        outgoing.write(chunk.subarray(0, Math.max(0, at - start)), () => outgoing.socket?.destroy());
        answer.destroy();
      });
      answer.on('end', () => { if (!dropped) outgoing.end(); });
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
