import { createServer, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { baselineExport } from './baseline/export.js';
import { floorExport } from './floor.js';
import { postgresFloorExport } from './floor-postgres.js';

// The two references, served over HTTP on loopback so that the bench downloads and measures them exactly as it
// does shopzip. Run as its own process: `PORT=... BENCH_SOURCE_DB=... node dist/bench/reference-server.js`.
//   GET /baseline?shops=a,b&formats=csv,xlsx   exceljs + csv-stringify + archiver ZIP
//   GET /floor?shops=a,b                       raw CSV text of the same rows, deflated at level 1
//   GET /floor-pg?shops=a,b[&plans=default]    the same from PostgreSQL (BENCH_SOURCE_URL): COPY as CSV, deflated

const databasePath = process.env['BENCH_SOURCE_DB'] ?? '';
const databaseUrl = process.env['BENCH_SOURCE_URL'] ?? '';
const port = Number(process.env['PORT'] ?? '0');

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const shops = (url.searchParams.get('shops') ?? '').split(',').filter((slug) => slug !== '');
  const formats = (url.searchParams.get('formats') ?? 'csv,xlsx').split(',');
  if (url.pathname === '/healthz') {
    response.end('ok');
  } else if (url.pathname === '/baseline') {
    send(response, 'application/zip', baselineExport(databasePath, shops, formats));
  } else if (url.pathname === '/floor') {
    send(response, 'application/octet-stream', floorExport(databasePath, shops));
  } else if (url.pathname === '/floor-pg') {
    send(response, 'application/octet-stream', postgresFloorExport(databaseUrl, shops, url.searchParams.get('plans') === 'default' ? 'default' : 'export'));
  } else {
    response.writeHead(404).end();
  }
});

function send(response: ServerResponse, type: string, body: Readable): void {
  response.writeHead(200, { 'Content-Type': type });
  pipeline(body, response).catch((error: unknown) => {
    process.stderr.write(`reference export failed: ${(error as Error).message}\n`);
    response.destroy();
  });
}

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
server.listen(port, '127.0.0.1');
