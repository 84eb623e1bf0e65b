import { setTimeout as sleep } from 'node:timers/promises';
import { download, type DownloadResult } from './client.js';
import { ordersOf, type BenchDatabase } from './databases.js';
import { measure, type AloneRun, type Measurement } from './measure.js';
import { residentMb } from './sampler.js';
import { largestShop, smallestShop } from './shops.js';
import type { ServerProcess } from './service.js';

/** How the bench talks to a server: its headers (the bearer token, when the service has authentication). */
export interface Client {
  readonly headers: Readonly<Record<string, string>>;
}

const SLOW_CLIENT_BYTES_PER_SECOND = 50_000;
const SLOW_CLIENT_MS = 30_000;
const CONCURRENT_EXPORTS = 16;
const CONCURRENT_ROUNDS = 3;

const exportUrl = (server: ServerProcess, shops: readonly string[], formats: string): string =>
  `${server.url}/v1/exports/orders.zip?shops=${shops.join(',')}&formats=${formats}`;

/** Scenarios 1 and 2 (and 1 on the smaller database): every shop in one export. */
export function fullExport(server: ServerProcess, database: BenchDatabase, client: Client, formats: 'csv,xlsx' | 'csv', id: string): Promise<Measurement> {
  const title = `shopzip, ${database.shops.length} shops, ${formats.replace(',', ' + ').toUpperCase()}`;
  const info = { id, title, system: 'shopzip' as const, databaseOrders: database.orders, orders: database.orders };
  return measure(server, info, async () => ({ downloads: [await zipDownload(exportUrl(server, database.shops, formats), client)] }));
}

/**
 * Scenario 3: 16 different single-shop exports (CSV + XLSX) at once, three rounds one after the other: the p95 of 16
 * times to first byte is simply the slowest of them (nearest rank), of 48 it leaves out the two slowest. One more round
 * before them is not measured: like the bench's warm-up of every row, it spares the measured rounds what only a
 * freshly started process pays, here the first burst of concurrent downloads (V8 optimizing the code they run hot,
 * on a third thread competing for the two cores), which a long-running service has long paid.
 */
export async function concurrentShops(server: ServerProcess, database: BenchDatabase, client: Client, shops: readonly string[]): Promise<Measurement> {
  if (shops.length !== CONCURRENT_EXPORTS) throw new Error(`scenario 3 needs ${CONCURRENT_EXPORTS} shops, got ${shops.length}`);
  const info = { id: '3', title: `shopzip, ${CONCURRENT_EXPORTS} concurrent single-shop exports, CSV + XLSX, ${CONCURRENT_ROUNDS} rounds`, system: 'shopzip' as const, databaseOrders: database.orders, orders: ordersOf(database, shops) * CONCURRENT_ROUNDS };
  const round = (): Promise<DownloadResult[]> => Promise.all(shops.map((shop) => zipDownload(exportUrl(server, [shop], 'csv,xlsx'), client)));
  await round();
  return measure(server, info, async () => {
    const downloads: DownloadResult[] = [];
    for (let done = 0; done < CONCURRENT_ROUNDS; done += 1) downloads.push(...await round());
    return { downloads };
  });
}

/**
 * Scenario `xlsx`: the largest shop as XLSX only, the export whose first byte would wait longest if a workbook had
 * to be complete before its entry could start (see bench/README.md, "XLSX entries in the ZIP").
 */
export function xlsxOnly(server: ServerProcess, database: BenchDatabase, client: Client): Promise<Measurement> {
  const shop = largestShop(database);
  const info = { id: 'xlsx', title: `shopzip, the largest shop (${shop}), XLSX only`, system: 'shopzip' as const, databaseOrders: database.orders, orders: ordersOf(database, [shop]) };
  return measure(server, info, async () => ({ downloads: [await zipDownload(exportUrl(server, [shop], 'xlsx'), client)] }));
}

/**
 * Scenario 4: scenario 2 again while another client downloads the full CSV + XLSX export at 50 KB/s; that client
 * hangs up 30 s after it started (or when 2 ends, if later). Reports 2's wall time; RSS and CPU cover both. On the same
 * server, 2 runs alone just before and just after (`alone`): the targets compare 4 with those two, a paired comparison
 * that cancels the drift of a shared machine between two server processes minutes apart.
 */
export async function slowClientBeside(server: ServerProcess, database: BenchDatabase, client: Client): Promise<Measurement> {
  const info = { id: '4', title: 'shopzip, 2 beside a client reading at 50 KB/s', system: 'shopzip' as const, databaseOrders: database.orders, orders: database.orders };
  const alone = async (): Promise<AloneRun> => {
    const { wallSeconds, medianRssMb } = await fullExport(server, database, client, 'csv', '2 alone');
    return { wallSeconds, medianRssMb };
  };
  const before = await alone();
  const beside = await measure(server, info, async () => {
    const hangUp = new AbortController();
    const slowStarted = performance.now();
    const slow = download(exportUrl(server, database.shops, 'csv,xlsx'), { headers: client.headers, bytesPerSecond: SLOW_CLIENT_BYTES_PER_SECOND, signal: hangUp.signal })
      .catch((error: unknown) => error as Error);
    await sleep(1000);
    const slowAlone = residentMb(server.pid);
    const fast = await zipDownload(exportUrl(server, database.shops, 'csv'), client);
    await sleep(Math.max(0, SLOW_CLIENT_MS - (performance.now() - slowStarted)));
    hangUp.abort();
    const slowResult = await slow;
    const notes = slowResult instanceof Error
      ? `the slow client failed: ${slowResult.message.slice(-200)}`
      : `slow client: ${(slowResult.bytes / 1e6).toFixed(2)} MB in ${(slowResult.wallMs / 1000).toFixed(1)} s, then hung up; server RSS after 1 s of it alone: ${slowAlone.toFixed(0)} MB`;
    return { downloads: [fast], wallSeconds: fast.wallMs / 1000, notes };
  });
  const after = await alone();
  const aloneNote = [before, after].map((run) => `${run.wallSeconds.toFixed(1)} s, median RSS ${run.medianRssMb.toFixed(0)} MB`).join('; ');
  return { ...beside, alone: [before, after], notes: `${beside.notes ?? ''}; 2 alone on the same server before / after: ${aloneNote}` };
}

/** The baseline (bench/baseline/) on the reference server: every shop, CSV + XLSX. */
export function baselineExport(server: ServerProcess, database: BenchDatabase): Promise<Measurement> {
  const info = { id: `baseline@${label(database)}`, title: `baseline (exceljs + csv-stringify + archiver), ${database.shops.length} shops, CSV + XLSX`, system: 'baseline' as const, databaseOrders: database.orders, orders: database.orders };
  return measure(server, info, async () => ({ downloads: [await zipDownload(`${server.url}/baseline?shops=${database.shops.join(',')}&formats=csv,xlsx`, {})] }));
}

/** The floor (bench/floor.ts) on the reference server: every shop's rows as CSV text, deflated at level 1. */
export function floorExport(server: ServerProcess, database: BenchDatabase): Promise<Measurement> {
  const info = { id: 'floor', title: `floor (SQLite rows -> CSV text -> deflate level 1), ${database.shops.length} shops`, system: 'floor' as const, databaseOrders: database.orders, orders: database.orders };
  return measure(server, info, async () => ({ downloads: [await download(`${server.url}/floor?shops=${database.shops.join(',')}`)] }));
}

/**
 * The PostgreSQL floor (bench/floor-postgres.ts) on the reference server: every shop's rows as COPY's CSV, deflated at
 * level 1; planned as the export's transaction plans them, or (`floor@pg-default`) with PostgreSQL's defaults.
 */
export function postgresFloorExport(server: ServerProcess, database: BenchDatabase, plans: 'export' | 'default' = 'export'): Promise<Measurement> {
  const id = plans === 'export' ? 'floor@pg' : 'floor@pg-default';
  const how = plans === 'export' ? "the export's plans" : "PostgreSQL's default plans";
  const info = { id, title: `floor (PostgreSQL COPY as CSV -> deflate level 1, ${how}), ${database.shops.length} shops`, system: 'floor' as const, databaseOrders: database.orders, orders: database.orders };
  const query = plans === 'export' ? '' : '&plans=default';
  return measure(server, info, async () => ({ downloads: [await download(`${server.url}/floor-pg?shops=${database.shops.join(',')}${query}`)] }));
}

/** A small export of the smallest shop, to warm a freshly started server up before it is measured. */
export function warmUpPath(system: Measurement['system'], database: BenchDatabase): string {
  const shop = smallestShop(database);
  if (system === 'shopzip') return `/v1/exports/orders.zip?shops=${shop}&formats=csv,xlsx`;
  return system === 'baseline' ? `/baseline?shops=${shop}&formats=csv,xlsx` : `/floor?shops=${shop}`;
}

/** `1M`, `100k`: how results name a database. */
export function label(database: BenchDatabase): string {
  return database.orders >= 1_000_000 ? `${database.orders / 1_000_000}M` : `${database.orders / 1000}k`;
}

async function zipDownload(url: string, client: Partial<Client>): Promise<DownloadResult> {
  const result = await download(url, client.headers === undefined ? {} : { headers: client.headers });
  if (!result.endsLikeZip) throw new Error(`${url.slice(0, 120)}: the body (${result.bytes} bytes) does not end like a ZIP`);
  return result;
}
