/** The most bytes a stored block of DEFLATE holds (its length field has 16 bits). */
export const STORED_BLOCK_BYTES = 0xffff;
/** A stored block's header: BFINAL and BTYPE 00 in the first byte (padded to it), then LEN and NLEN (RFC 1951, 3.2.4). */
const HEADER_BYTES = 5;

/**
 * `chunks` as a raw DEFLATE stream (RFC 1951) of stored blocks: the bytes unchanged, framed in blocks of exactly
 * {@link STORED_BLOCK_BYTES} but the last, which holds the rest (none when the length is a multiple of that). Each
 * block is given as its 5-byte header, then views of the input's chunks, not copied: a copy of every block (one new
 * 64 KiB buffer each) left the XLSX bytes of a large export as garbage outside the JavaScript heap, and raised the
 * peak RSS of the bench's full export by about 10 MB.
 *
 * What DEFLATE at level 0 is for a ZIP entry that is not worth compressing but whose size is not known before its
 * first byte: a streaming reader finds the end of a DEFLATE entry from the stream itself, where a STORED one needs
 * its size in the local header. Unlike zlib's level 0, whose blocks end where its input and output buffers did, the
 * output is a function of the bytes alone, however they are chunked: the same entry gives the same ZIP.
 */
export async function* storedBlocks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer, void, undefined> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      const taken = Math.min(chunk.length - at, STORED_BLOCK_BYTES - length);
      parts.push(at === 0 && taken === chunk.length ? chunk : chunk.subarray(at, at + taken));
      length += taken;
      at += taken;
      if (length === STORED_BLOCK_BYTES) {
        yield* block(parts, length, false);
        parts = [];
        length = 0;
      }
    }
  }
  yield* block(parts, length, true);
}

/** A block of the `length` bytes of `parts`: its header, then the parts. */
function block(parts: readonly Buffer[], length: number, last: boolean): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt8(last ? 1 : 0, 0);
  header.writeUInt16LE(length, 1);
  header.writeUInt16LE(~length & 0xffff, 3);
  return [header, ...parts];
}
