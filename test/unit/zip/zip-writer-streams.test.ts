import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { createZipStream, type ZipEntry } from '../../../src/zip/zip-writer.js';
import { failureOf, pause, readAtLeast } from '../../helpers/readable.js';

const date = new Date('2024-05-06T07:08:09Z');
const SHEET = Buffer.alloc(64 * 1024, 'x');

/** An endless stream of incompressible 16 KiB chunks that counts what it produced. */
function endless(): Readable & { produced: number } {
  const stream = Object.assign(
    new Readable({
      read(): void {
        stream.produced += 16 * 1024;
        this.push(randomBytes(16 * 1024));
      },
    }),
    { produced: 0 },
  );
  return stream;
}

/** `entries` as a generator that records which it handed out and whether it was closed (its `finally` ran). */
function tracked(entries: readonly ZipEntry<Buffer | Readable>[]): { iterable: Iterable<ZipEntry<Buffer | Readable>>; taken: string[]; closed: boolean } {
  const log = { taken: [] as string[], closed: false };
  function* iterate(): Generator<ZipEntry<Buffer | Readable>> {
    try {
      for (const entry of entries) {
        log.taken.push(entry.name);
        yield entry;
      }
    } finally {
      log.closed = true;
    }
  }
  return Object.assign(log, { iterable: iterate() });
}

describe('ZIP writer: backpressure, failures and destruction', () => {
  it('stops reading an entry stream while its reader does not read, and goes on when it reads again, deflated or stored', async () => {
    for (const store of [false, true]) {
      const source = endless();
      const zip = createZipStream([{ name: 'endless', store, open: () => source }], { date, level: 1 });
      await readAtLeast(zip, 1);
      await pause(200);
      const stalled = source.produced;
      await pause(200);
      expect(source.produced, `store ${store}`).to.equal(stalled);
      expect(stalled, `store ${store}`).to.be.greaterThan(0).and.lessThan(512 * 1024);
      await readAtLeast(zip, 1024 * 1024);
      expect(source.produced).to.be.greaterThan(1024 * 1024);
      zip.destroy();
    }
  });

  it("fails with an entry stream's error, takes no further entry, and closes the iteration", async () => {
    const failure = new Error('cursor lost');
    let reads = 0;
    const failing = new Readable({ read() { if (reads++ < 10) this.push(SHEET.subarray(0, 4096)); else this.destroy(failure); } });
    const entries = tracked([{ name: 'first', store: false, open: () => Buffer.from('x') }, { name: 'failing', store: false, open: () => failing }, { name: 'never', store: false, open: () => Buffer.from('y') }]);
    expect(await failureOf(createZipStream(entries.iterable, { date, level: 6 }))).to.equal(failure);
    expect(entries.taken).to.deep.equal(['first', 'failing']);
    expect(entries.closed).to.equal(true);
  });

  it('fails at once when an entry stream fails while the reader is not reading', async () => {
    const source = endless();
    const zip = createZipStream([{ name: 'endless', store: false, open: () => source }], { date, level: 1 });
    await readAtLeast(zip, 1);
    await pause(50);
    const failure = new Error('connection reset');
    const failed = once(zip, 'error');
    source.destroy(failure);
    expect((await failed)[0]).to.equal(failure);
  });

  it('fails with the error the iteration throws', async () => {
    const failure = new Error('cannot open cursor');
    function* entries(): Generator<ZipEntry<Buffer | Readable>> {
      yield { name: 'first', store: false, open: () => Buffer.from('x') };
      throw failure;
    }
    expect(await failureOf(createZipStream(entries(), { date, level: 6 }))).to.equal(failure);
  });

  it('fails with a TypeError for a stream that gives strings rather than bytes', async () => {
    const error = await failureOf(createZipStream([{ name: 'text', store: false, open: () => Readable.from(['not bytes']) }], { date, level: 6 }));
    expect(error).to.be.instanceOf(TypeError).with.property('message').that.matches(/must give bytes, got string/);
  });

  it('destroyed mid-entry, destroys the entry stream and closes the iteration without taking another entry', async () => {
    const source = endless();
    const entries = tracked([{ name: 'endless', store: false, open: () => source }, { name: 'never', store: false, open: () => Buffer.from('y') }]);
    const zip = createZipStream(entries.iterable, { date, level: 1 });
    await readAtLeast(zip, 256 * 1024);
    zip.destroy();
    await once(zip, 'close');
    await pause(20);
    expect(source.destroyed).to.equal(true);
    expect(entries.taken).to.deep.equal(['endless']);
    expect(entries.closed).to.equal(true);
  });

  it('takes nothing from the iteration before the first read', async () => {
    const entries = tracked([{ name: 'first', store: false, open: () => Buffer.from('x') }]);
    const zip = createZipStream(entries.iterable, { date, level: 6 });
    await pause(20);
    expect(entries.taken).to.deep.equal([]);
    zip.destroy();
  });
});
