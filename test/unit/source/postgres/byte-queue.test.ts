import { expect } from 'chai';
import { SeededRandom } from '../../../../src/source/demo/random.js';
import { ByteQueue } from '../../../../src/source/postgres/byte-queue.js';

/** Records of random lengths: empty and tiny, a few hundred bytes (a row), and longer than a bridge and a chunk. */
function randomRecords(random: SeededRandom, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const roll = random.next();
    const length = roll < 0.3 ? random.integer(0, 8) : roll < 0.85 ? random.integer(100, 900) : random.integer(4090, 20_000);
    return Buffer.from(Array.from({ length }, () => random.integer(0, 255)));
  });
}

/** The bytes cut at the given points (sorted, within the data); the pieces between two equal points are empty. */
function cutAt(bytes: Buffer, points: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

interface Readback {
  readonly records: Buffer[];
  /** `length` differed from the bytes pushed and not yet read, at some step (the first such step). */
  readonly wrongLength: string | undefined;
}

/**
 * Pushes the chunks one at a time and after each reads every record whose bytes have all come, as the COPY parser
 * does: a record at `offset` whole in `buffer`, or else `advance()` and look again. Sometimes calls `advance()`
 * though the record is already whole, which must only make more bytes readable. Checks `length` at every step.
 */
function readBack(chunks: readonly Buffer[], lengths: readonly number[], random: SeededRandom): Readback {
  const queue = new ByteQueue();
  const records: Buffer[] = [];
  let pushed = 0;
  let read = 0;
  let wrongLength: string | undefined;
  const check = (step: string): void => {
    if (wrongLength === undefined && queue.length !== pushed - read) wrongLength = `${step}: length ${queue.length}, expected ${pushed - read}`;
  };
  for (const chunk of chunks) {
    queue.push(chunk);
    pushed += chunk.length;
    check(`after pushing chunk of ${chunk.length}`);
    for (;;) {
      const wanted = lengths[records.length];
      if (wanted === undefined) break;
      if (queue.buffer.length - queue.offset < wanted || random.chance(0.1)) {
        const advanced = queue.advance();
        check(`after advance() before record ${records.length}`);
        if (advanced) continue;
        if (queue.buffer.length - queue.offset < wanted) break;
      }
      records.push(Buffer.from(queue.buffer.subarray(queue.offset, queue.offset + wanted)));
      queue.offset += wanted;
      read += wanted;
      check(`after reading record ${records.length - 1}`);
    }
  }
  return { records, wrongLength };
}

describe('ByteQueue', () => {
  it('reads back every record whole, in order, from chunks cut at random points', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = new SeededRandom(seed);
      const records = randomRecords(random, random.integer(1, 60));
      const bytes = Buffer.concat(records);
      const cuts = random.integer(0, 40);
      // Chunks of every size: many tiny ones, some of a few bytes, some far longer than a bridge (4,096 bytes).
      const points = Array.from({ length: cuts }, () => random.integer(0, bytes.length)).sort((a, b) => a - b);
      const result = readBack(cutAt(bytes, points), records.map((record) => record.length), random);
      expect(result.wrongLength, `seed ${seed}`).to.equal(undefined);
      expect(result.records, `seed ${seed}`).to.deep.equal(records);
    }
  });

  it('reads back every record from chunks of small and of large random sizes', () => {
    for (const [seed, smallest, largest] of [[101, 1, 16], [102, 200, 5000], [103, 4097, 70_000], [104, 1, 70_000]] as const) {
      const random = new SeededRandom(seed);
      const records = randomRecords(random, 200);
      const bytes = Buffer.concat(records);
      const points: number[] = [];
      for (let at = random.integer(smallest, largest); at < bytes.length; at += random.integer(smallest, largest)) points.push(at);
      const result = readBack(cutAt(bytes, points), records.map((record) => record.length), random);
      expect(result.wrongLength, `chunks of ${smallest} to ${largest} bytes`).to.equal(undefined);
      expect(result.records, `chunks of ${smallest} to ${largest} bytes`).to.deep.equal(records);
    }
  });

  it('reads back every record when the stream is cut at every single byte', () => {
    const random = new SeededRandom(7);
    const records = randomRecords(random, 30);
    const bytes = Buffer.concat(records);
    const points = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    const result = readBack(cutAt(bytes, points), records.map((record) => record.length), random);
    expect(result.wrongLength).to.equal(undefined);
    expect(result.records).to.deep.equal(records);
  });

  it('reads a record longer than a bridge that starts near the end of a large chunk and ends in the next', () => {
    const random = new SeededRandom(11);
    const records = [Buffer.alloc(60_000, 1), Buffer.from(Array.from({ length: 10_000 }, () => random.integer(0, 255))), Buffer.alloc(3, 2)];
    const bytes = Buffer.concat(records);
    for (const cut of [59_999, 60_000, 60_001, 64_096, 65_000, 69_999, 70_000]) {
      const result = readBack(cutAt(bytes, [cut]), records.map((record) => record.length), new SeededRandom(cut));
      expect(result.wrongLength, `cut at ${cut}`).to.equal(undefined);
      expect(result.records, `cut at ${cut}`).to.deep.equal(records);
    }
  });

  it('says nothing more is readable when no chunk has come, and counts empty chunks as nothing', () => {
    const queue = new ByteQueue();
    expect(queue.advance()).to.equal(false);
    queue.push(Buffer.alloc(0));
    expect(queue.length).to.equal(0);
    queue.push(Buffer.from('abc'));
    expect(queue.length).to.equal(3);
    while (queue.buffer.length - queue.offset < 3) expect(queue.advance()).to.equal(true);
    expect(queue.buffer.subarray(queue.offset, queue.offset + 3).toString()).to.equal('abc');
    queue.offset += 3;
    expect(queue.length).to.equal(0);
    expect(queue.advance()).to.equal(false);
  });
});
