import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchResponseWrites } from '../../../src/http/client-wait.js';

/** A response whose socket takes writes while `accepting` is true. */
function fakeResponse(): ServerResponse & { accepting: boolean; written: unknown[] } {
  const response = Object.assign(new EventEmitter(), { accepting: true, written: [] as unknown[] });
  return Object.assign(response, {
    write(chunk: unknown): boolean {
      response.written.push(chunk);
      return response.accepting;
    },
  }) as unknown as ServerResponse & { accepting: boolean; written: unknown[] };
}

describe('watchResponseWrites', () => {
  it('reports the first byte once, every byte, and passes each write through', () => {
    const response = fakeResponse();
    const seen = { first: 0, bytes: 0, waits: 0 };
    watchResponseWrites(response, { firstByte: () => { seen.first += 1; }, bytesSent: (bytes) => { seen.bytes += bytes; }, clientWaited: () => { seen.waits += 1; } });
    expect(response.write(Buffer.alloc(10))).to.equal(true);
    expect(response.write('héllo')).to.equal(true);
    expect(seen).to.deep.equal({ first: 1, bytes: 16, waits: 0 });
    expect(response.written).to.have.length(2);
  });

  it('reports one wait from the first refused write until drain, however many writes are refused meanwhile', async () => {
    const response = fakeResponse();
    const waits: number[] = [];
    watchResponseWrites(response, { firstByte: () => undefined, bytesSent: () => undefined, clientWaited: (ms) => waits.push(ms) });
    response.accepting = false;
    response.write(Buffer.alloc(1));
    response.write(Buffer.alloc(1));
    await sleep(5);
    expect(waits).to.deep.equal([]);
    response.emit('drain');
    response.emit('drain');
    expect(waits).to.have.length(1);
    expect(waits[0]).to.be.greaterThan(0);
  });

  it('reports a wait still running when the response closed, through the function it returns', () => {
    const response = fakeResponse();
    const waits: number[] = [];
    const closed = watchResponseWrites(response, { firstByte: () => undefined, bytesSent: () => undefined, clientWaited: (ms) => waits.push(ms) });
    response.accepting = false;
    response.write(Buffer.alloc(1));
    closed();
    closed();
    expect(waits).to.have.length(1);
  });
});
