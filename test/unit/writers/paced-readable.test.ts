import { expect } from 'chai';
import { once } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { nextTurn, PacedReadable } from '../../../src/writers/paced-readable.js';

/** A paced stream of `batches` one-byte batches, writing `<name><n>` into `log` as it produces each. */
class Batches extends PacedReadable {
  #produced = 0;

  constructor(private readonly name: string, private readonly batches: number, private readonly log: string[]) {
    super({ highWaterMark: 1 });
  }

  protected override produce(): void {
    this.#produced += 1;
    this.log.push(`${this.name}${this.#produced}`);
    this.push('x');
    if (this.#produced === this.batches) this.push(null);
  }
}

async function drain(stream: Batches): Promise<void> {
  stream.resume();
  await once(stream, 'end');
}

describe('PacedReadable', () => {
  it('makes busy streams take turns, one batch each', async () => {
    const log: string[] = [];
    await Promise.all([drain(new Batches('a', 3, log)), drain(new Batches('b', 3, log))]);
    expect(log).to.deep.equal(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
  });

  it("serves a new stream's first batch before the waiting batches of streams already flowing", async () => {
    const log: string[] = [];
    const flowing = [new Batches('a', 6, log), new Batches('b', 6, log)];
    const done = flowing.map(drain);
    while (log.length < 3) await nextTurn();
    const late = new Batches('c', 2, log);
    done.push(drain(late));
    await Promise.all(done);
    const first = log.indexOf('c1');
    expect(first, log.join(' ')).to.be.within(3, 4);
    expect(log.indexOf('c2'), 'its second batch waits its turn like the others').to.be.above(first + 1);
  });

  it('lets a message from another thread in between two batches', async () => {
    const log: string[] = [];
    const { port1, port2 } = new MessageChannel();
    port1.on('message', () => log.push('message'));
    const stream = new Batches('a', 8, log);
    const done = drain(stream);
    while (log.length < 2) await nextTurn();
    port2.postMessage('hello');
    await done;
    port1.close();
    const at = log.indexOf('message');
    expect(at, log.join(' ')).to.be.within(2, 5);
  });

  it('resolves nextTurn() in turn with the batches of paced streams', async () => {
    const log: string[] = [];
    const stream = drain(new Batches('a', 4, log));
    await nextTurn();
    log.push('turn');
    await stream;
    expect(log.indexOf('turn')).to.be.within(1, 2);
  });
});
