/**
 * How many bytes of the next chunk a record cut at a chunk's end is joined with at first: enough for the rows of a
 * table like ours (a few hundred bytes) without copying every chunk; a longer record is joined with the whole chunk.
 */
const BRIDGE_BYTES = 4096;

/**
 * The bytes of a stream as they come, in chunks cut anywhere, read through one contiguous buffer from a position
 * (`buffer`, `offset`). When a record is cut at a chunk's end, {@link advance} joins what is left with the start of
 * the next chunk (a bridge), so that the record can be read whole; once the reader is past the bridge, it reads the
 * chunk itself, so each chunk is copied a few kilobytes, not whole.
 */
export class ByteQueue {
  buffer: Buffer = Buffer.alloc(0);
  /** Where the reader is in {@link buffer}; it moves it itself. */
  offset = 0;
  readonly #chunks: Buffer[] = [];
  #queuedBytes = 0;
  /** While `buffer` is a bridge: the chunk it began, and how many bytes of the bridge came before that chunk. */
  #bridged: { readonly chunk: Buffer; readonly before: number } | undefined;

  /** Bytes taken and not yet read. */
  get length(): number {
    const bridged = this.#bridged;
    const after = bridged === undefined ? 0 : bridged.chunk.length - (this.buffer.length - bridged.before);
    return this.buffer.length - this.offset + after + this.#queuedBytes;
  }

  /** Takes a chunk (it must not be changed afterwards). */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#queuedBytes += chunk.length;
  }

  /**
   * Makes more bytes readable at the offset (what is left of the buffer, then more): false when none have come.
   */
  advance(): boolean {
    const bridged = this.#bridged;
    if (bridged !== undefined) {
      this.#bridged = undefined;
      if (this.offset >= bridged.before) {
        this.#read(bridged.chunk, this.offset - bridged.before);
      } else {
        this.#read(Buffer.concat([this.buffer.subarray(this.offset, bridged.before), bridged.chunk]), 0);
      }
      return true;
    }
    const chunk = this.#chunks.shift();
    if (chunk === undefined) return false;
    this.#queuedBytes -= chunk.length;
    const left = this.buffer.length - this.offset;
    if (left === 0) {
      this.#read(chunk, 0);
    } else if (chunk.length <= BRIDGE_BYTES) {
      this.#read(Buffer.concat([this.buffer.subarray(this.offset), chunk]), 0);
    } else {
      this.#read(Buffer.concat([this.buffer.subarray(this.offset), chunk.subarray(0, BRIDGE_BYTES)]), 0);
      this.#bridged = { chunk, before: left };
    }
    return true;
  }

  #read(buffer: Buffer, offset: number): void {
    this.buffer = buffer;
    this.offset = offset;
  }
}
