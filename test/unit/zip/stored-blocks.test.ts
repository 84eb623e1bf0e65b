import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { STORED_BLOCK_BYTES, storedBlocks } from '../../../src/zip/stored-blocks.js';
import { chunked } from '../../helpers/readable.js';

/** The stored blocks of `bytes`, given in chunks of the given sizes. */
async function framed(bytes: Buffer, sizes: readonly number[] = [bytes.length]): Promise<Buffer> {
  const blocks: Buffer[] = [];
  for await (const block of storedBlocks(chunked(bytes, sizes))) blocks.push(block);
  return Buffer.concat(blocks);
}

/** The headers of the stored blocks in `deflated`: [BFINAL and BTYPE byte, LEN, NLEN]. */
function headers(deflated: Buffer): number[][] {
  const found: number[][] = [];
  for (let at = 0; at < deflated.length; ) {
    const length = deflated.readUInt16LE(at + 1);
    found.push([deflated[at]!, length, deflated.readUInt16LE(at + 3)]);
    at += 5 + length;
  }
  return found;
}

describe('stored blocks of DEFLATE', () => {
  it('inflates back to the same bytes, whatever their length', async () => {
    for (const length of [0, 1, STORED_BLOCK_BYTES - 1, STORED_BLOCK_BYTES, STORED_BLOCK_BYTES + 1, 3 * STORED_BLOCK_BYTES + 7]) {
      const bytes = randomBytes(length);
      expect(inflateRawSync(await framed(bytes)).equals(bytes), `${length} bytes`).to.equal(true);
    }
  });

  it('cuts blocks of 65,535 bytes but the last, which holds the rest, and costs 5 bytes a block', async () => {
    const bytes = randomBytes(2 * STORED_BLOCK_BYTES + 100);
    const deflated = await framed(bytes);
    expect(headers(deflated)).to.deep.equal([[0, 0xffff, 0], [0, 0xffff, 0], [1, 100, 0xffff - 100]]);
    expect(deflated.length).to.equal(bytes.length + 3 * 5);
  });

  it('ends with an empty final block when the length is a multiple of 65,535, or zero', async () => {
    expect(headers(await framed(randomBytes(STORED_BLOCK_BYTES)))).to.deep.equal([[0, 0xffff, 0], [1, 0, 0xffff]]);
    expect([...(await framed(Buffer.alloc(0)))]).to.deep.equal([1, 0, 0, 0xff, 0xff]);
  });

  it('gives the same bytes however the input is chunked (zlib at level 0 does not)', async () => {
    const bytes = randomBytes(5 * STORED_BLOCK_BYTES + 12_345);
    const whole = await framed(bytes);
    for (const sizes of [[1], [7, 64 * 1024, 1], [64 * 1024], [STORED_BLOCK_BYTES], [200_000]]) {
      expect((await framed(bytes, sizes)).equals(whole), `chunks of ${sizes.join(', ')} bytes`).to.equal(true);
    }
  });
});
