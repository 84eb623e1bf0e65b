import { expect } from 'chai';
import { startApp, type RunningApp } from '../../helpers/app.js';
import { openResponse, readToEnd } from '../../helpers/http.js';
import { seedDatabase, type SeededDatabase } from '../../helpers/seed-database.js';

const EXPORT = '/v1/exports/orders.zip?shops=acme,globex,initech&to=2026-06-30';

describe('the same request gives the same ZIP bytes, whichever way its workbooks are written', () => {
  let database: SeededDatabase;
  let workers: RunningApp;
  let local: RunningApp;

  before(async () => {
    database = await seedDatabase({ demo: { shops: 6, orders: 12_000, seed: 5 } });
    workers = await startApp({ sourcePath: database.path });
    local = await startApp({ sourcePath: database.path, environment: { SHOPZIP_EXPORT_WORKERS: '0' } });
  });
  after(async () => {
    await workers?.close();
    await local?.close();
    await database?.remove();
  });

  /** The ZIP of EXPORT, and the cursors it opened: 2 per shop when its workbook was written from its CSVs' rows. */
  async function download(app: RunningApp): Promise<{ zip: Buffer; cursors: number }> {
    const before = app.source.counters.cursorsOpened;
    const zip = await readToEnd(await openResponse(app.url(EXPORT)));
    return { zip, cursors: app.source.counters.cursorsOpened - before };
  }

  it('spooled by the main thread, written by the export worker into the response, or with no workers at all', async () => {
    const spooled = await download(workers);
    const temporary = process.env['TMPDIR'];
    process.env['TMPDIR'] = '/nonexistent/shopzip-test'; // the main thread (this process) cannot spool there
    let streamed: { zip: Buffer; cursors: number };
    try {
      streamed = await download(workers);
    } finally {
      if (temporary === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = temporary;
    }
    const inOneThread = await download(local);
    expect([spooled.cursors, streamed.cursors, inOneThread.cursors], 'cursors: rows read once, then twice').to.deep.equal([3 * 2, 3 * 4, 3 * 4]);
    expect(spooled.zip.length).to.be.above(100_000);
    expect(streamed.zip.equals(spooled.zip), 'written by the worker').to.equal(true);
    expect(inOneThread.zip.equals(spooled.zip), 'with SHOPZIP_EXPORT_WORKERS=0').to.equal(true);
  });
});
