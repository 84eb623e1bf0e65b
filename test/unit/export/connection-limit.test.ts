import { expect } from 'chai';
import { ConnectionLimitedExporter } from '../../../src/export/connection-limit.js';
import { parseExportRequest } from '../../../src/export/request.js';
import type { Exporter, ExportRun } from '../../../src/export/run.js';
import { ShopzipError } from '../../../src/errors.js';

/** An exporter whose runs are plain records: it counts the runs open, as connections would be. */
function countingExporter(): Exporter & { open: number } {
  const counter = {
    open: 0,
    start: (): Promise<ExportRun> => {
      counter.open += 1;
      let closed = false;
      return Promise.resolve({
        plan: { fileName: 'x.zip', date: new Date(0) },
        entries: [],
        close: () => {
          if (!closed) counter.open -= 1;
          closed = true;
          return Promise.resolve();
        },
      });
    },
    close: () => Promise.resolve(),
  };
  return counter;
}

const request = parseExportRequest({ shops: 'acme' }, 'query', { maxShops: 10 });
const options = { deflateLevel: 1, visibleShops: null };

describe('connection-limited exporter (SHOPZIP_SOURCE_POOL_MAX across downloads and jobs)', () => {
  it('runs at most the limit at once; the next export starts, in order, when one is closed', async () => {
    const inner = countingExporter();
    const exporter = new ConnectionLimitedExporter(inner, 2, 10_000);
    const first = await exporter.start(request, options);
    await exporter.start(request, options);
    const order: string[] = [];
    const third = exporter.start(request, options).then((run) => { order.push('third'); return run; });
    const fourth = exporter.start(request, options).then((run) => { order.push('fourth'); return run; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inner.open).to.equal(2);
    await first.close();
    await first.close(); // twice releases once
    await third;
    expect(inner.open).to.equal(2);
    expect(order).to.deep.equal(['third']);
    await (await third).close();
    await fourth;
    expect(order).to.deep.equal(['third', 'fourth']);
  });

  it('answers source_unavailable when no connection frees up within the wait', async () => {
    const exporter = new ConnectionLimitedExporter(countingExporter(), 1, 50);
    await exporter.start(request, options);
    const failure = await exporter.start(request, options).then(() => undefined, (error: unknown) => error);
    expect(failure).to.be.instanceOf(ShopzipError);
    expect(failure).to.include({ code: 'source_unavailable', status: 503 });
  });
});
