import { expect } from 'chai';
import { WorkerExporter } from '../../../src/export/engine/worker-exporter.js';
import { eventually, startApp, type RunningApp } from '../../helpers/app.js';
import { openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';
import { endsBroken } from '../../helpers/streams.js';
import { readZipByName } from '../../helpers/zip.js';

const EXPORT = '/v1/exports/orders.zip';

describe('exports in worker threads', () => {
  let database: SeededDatabase;
  let inThread: RunningApp;
  let inWorkers: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 6000, seed: 4 } });
    inThread = await startApp({ sourcePath: database.path, environment: { SHOPZIP_EXPORT_WORKERS: '0' } });
    inWorkers = await startApp({ sourcePath: database.path, environment: { SHOPZIP_EXPORT_WORKERS: '2', SHOPZIP_MAX_CONCURRENT_EXPORTS_PER_TOKEN: '8' } });
  });
  after(async () => {
    await inThread.close();
    await inWorkers.close();
    await database.remove();
  });

  it('sends the same ZIP, byte for byte, from worker threads as from the main thread', async () => {
    const path = `${EXPORT}?shops=acme,globex,initech&from=2025-01-01&to=2025-12-31`;
    const [fromThread, fromWorkers] = await Promise.all([inThread, inWorkers].map(async (app) => readToEnd(await openResponse(app.url(path)))));
    expect(inThread.exporter).not.to.be.instanceOf(WorkerExporter);
    expect(inWorkers.exporter).to.be.instanceOf(WorkerExporter);
    expect(fromWorkers!.length).to.be.above(10_000);
    expect(fromWorkers!.equals(fromThread!)).to.equal(true);
    expect([...(await readZipByName(fromWorkers!)).keys()]).to.include.members(['acme/orders.csv', 'initech/orders.xlsx', 'manifest.json']);
  });

  it('runs concurrent exports on at most SHOPZIP_EXPORT_WORKERS threads, each export whole and on its own', async () => {
    const shops = ['acme', 'globex', 'initech', 'umbrella', 'wonka', 'stark'];
    const zips = await Promise.all(shops.map(async (shop) => readZipByName(await readToEnd(await openResponse(inWorkers.url(`${EXPORT}?shops=${shop}`))))));
    expect((inWorkers.exporter as WorkerExporter).threads).to.equal(2);
    zips.forEach((zip, index) => {
      expect([...zip.keys()]).to.deep.equal([`${shops[index]}/orders.csv`, `${shops[index]}/order_items.csv`, `${shops[index]}/orders.xlsx`, 'manifest.json']);
    });
    expect(inWorkers.source.counters.openSnapshots).to.equal(0);
    expect(inWorkers.source.counters.openCursors).to.equal(0);
  });

  it('answers a problem document before the first byte when the worker finds no such shop', async () => {
    const response = await openResponse(inWorkers.url(`${EXPORT}?shops=acme,atlantis`));
    expect(response.statusCode).to.equal(404);
    expect(JSON.parse((await readToEnd(response)).toString())).to.deep.include({ code: 'unknown_shops', shops: ['atlantis'] });
    expect(inWorkers.source.counters.openSnapshots).to.equal(0);
  });
});

describe('an export worker that dies', () => {
  let database: SeededDatabase;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 2, orders: 3000, seed: 9 } });
  });
  after(async () => {
    await database.remove();
  });

  it('aborts its download mid-stream, settles the counters, and the next export gets a new worker', async () => {
    const dying = new URL('../../helpers/dying-export-worker.js', import.meta.url);
    const app = await startApp({ sourcePath: database.path, exporter: (source) => new WorkerExporter(source, { workers: 1, workerUrl: dying }) });
    try {
      const response = await openResponse(app.url(`${EXPORT}?shops=acme`));
      expect(response.statusCode).to.equal(200);
      expect(await endsBroken(response)).to.equal(true);
      await eventually(() => expect([app.source.counters.openSnapshots, app.source.counters.openCursors]).to.deep.equal([0, 0]));
      await eventually(() => expect(app.logs.some((line) => line.msg === 'export failed mid-stream; connection aborted')).to.equal(true));
      const next = await openResponse(app.url(`${EXPORT}?shops=globex&formats=csv`));
      expect(next.statusCode).to.equal(200);
      expect(await endsBroken(next)).to.equal(true); // the new worker is of the same dying kind
      expect((app.exporter as WorkerExporter).threads).to.be.at.most(1);
    } finally {
      await app.close();
    }
  });
});
