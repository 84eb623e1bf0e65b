import { ByteQueue } from './byte-queue.js';
import { timestampText } from './timestamp-text.js';

/**
 * How a column of a binary COPY becomes a value: `integer` is an `int8` (the query casts every integer column to
 * it), a number or a bigint past 2^53; `timestamp` is a `timestamptz`, as whole microseconds since the Unix epoch
 * (see `Instant`); `text` is UTF-8 text.
 */
export type CopyColumn = 'text' | 'integer' | 'timestamp';

/** `PGCOPY\n\377\r\n\0`, then the flags and the length of the header extension (32-bit each). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;
const TWO_32 = 4_294_967_296;
const [TEXT, INTEGER, TIMESTAMP] = [0, 1, 2];
const KIND_CODES: Readonly<Record<CopyColumn, number>> = { text: TEXT, integer: INTEGER, timestamp: TIMESTAMP };
type Utf8Slice = (this: Buffer, start: number, end: number) => string;
/**
 * `Buffer#utf8Slice`, which `toString('utf8', start, end)` calls after checking its arguments: Node's own method, not
 * in its types, and here as cheap as the decoding (in a profile of an export, `toString`'s checks took as long as
 * the decoding they lead to). `toString` where a runtime lacks it.
 */
const utf8Slice: Utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice
  ?? function (this: Buffer, start: number, end: number): string { return this.toString('utf8', start, end); };
/** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000;
const POSTGRES_EPOCH_BIGINT = BigInt(POSTGRES_EPOCH_MICROS);
const [MIN_SAFE_BIGINT, MAX_SAFE_BIGINT] = [BigInt(Number.MIN_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER)];

/**
 * Parses the binary format of `COPY ... TO STDOUT WITH (FORMAT binary)` row by row, from chunks cut anywhere.
 * Binary rather than text because it spares the export worker what costs most per row: no integer or timestamp
 * text to parse (an `int8` is 8 bytes, a `timestamptz` 8 bytes of microseconds), no field to search for its end or
 * to unescape (each has its length). Chunks are kept as they come and a row is parsed only when asked for, so the
 * bytes read ahead live outside the JavaScript heap (rows parsed ahead would be copied by every young-generation
 * garbage collection).
 */
export class CopyBinaryParser<Row> {
  readonly #columns: readonly CopyColumn[];
  /** The columns' kinds as small integers, compared per field. */
  readonly #kinds: Uint8Array;
  readonly #bytes = new ByteQueue();
  #header = false;
  #trailer = false;

  constructor(columns: readonly CopyColumn[]) {
    this.#columns = columns;
    this.#kinds = Uint8Array.from(columns, (column) => KIND_CODES[column]);
  }

  /** Bytes taken and not yet parsed. */
  get bufferedBytes(): number {
    return this.#bytes.length;
  }

  /** Takes a chunk of COPY data (it must not be changed afterwards). */
  push(chunk: Buffer): void {
    this.#bytes.push(chunk);
  }

  /**
   * The next row, or undefined when its bytes have not all come yet, or after the trailer.
   * @throws RangeError when the data is not binary COPY of the expected columns.
   */
  next(): Row | undefined {
    for (;;) {
      if (!this.#header) this.#readHeader();
      const row = this.#header ? this.#row() : undefined;
      if (row !== undefined || this.#trailer || !this.#bytes.advance()) return row;
    }
  }

  /** @throws RangeError when the data ended before the trailer, or went on after it. */
  end(): void {
    if (!this.#trailer || this.bufferedBytes > 0) throw new RangeError(`COPY data ended inside a row (${this.bufferedBytes} bytes left)`);
  }

  #readHeader(): void {
    const { buffer, offset } = this.#bytes;
    if (buffer.length - offset < HEADER_BYTES) return;
    if (!buffer.subarray(offset, offset + SIGNATURE.length).equals(SIGNATURE)) throw new RangeError('not binary COPY data');
    const extension = buffer.readUInt32BE(offset + SIGNATURE.length + 4);
    if (buffer.length - offset < HEADER_BYTES + extension) return;
    this.#bytes.offset = offset + HEADER_BYTES + extension;
    this.#header = true;
  }

  /** A complete row at the offset, or undefined (its bytes are not all here, or the trailer was read). */
  #row(): Row | undefined {
    const bytes = this.#bytes;
    const { buffer } = bytes;
    const start = bytes.offset;
    if (this.#trailer || start + 2 > buffer.length) return undefined;
    const fields = (buffer[start]! << 8) | buffer[start + 1]!;
    if (fields === 0xffff) {
      bytes.offset = start + 2;
      this.#trailer = true;
      return undefined;
    }
    if (fields !== this.#columns.length) throw new RangeError(`a COPY row has ${fields} fields, expected ${this.#columns.length}`);
    const end = buffer.length;
    const kinds = this.#kinds;
    const row: unknown[] = new Array(fields);
    let at = start + 2;
    for (let index = 0; index < fields; index += 1) {
      if (at + 4 > end) return undefined;
      const length = int32(buffer, at);
      at += 4;
      if (length < 0) {
        row[index] = null;
        continue;
      }
      if (at + length > end) return undefined;
      const kind = kinds[index];
      if (kind === TEXT) row[index] = utf8Slice.call(buffer, at, at + length);
      else if (length !== 8) throw new RangeError(`a COPY ${this.#columns[index]} field has ${length} bytes, expected 8`);
      else if (kind === INTEGER) row[index] = int8(buffer, at);
      else row[index] = timestamptz(buffer, at);
      at += length;
    }
    bytes.offset = at;
    return row as Row;
  }
}

/** A signed 32-bit big-endian integer (as `readInt32BE`, without its checks: the caller knows the bytes are there). */
function int32(buffer: Buffer, at: number): number {
  return (buffer[at]! << 24) | (buffer[at + 1]! << 16) | (buffer[at + 2]! << 8) | buffer[at + 3]!;
}

/** A signed 64-bit big-endian integer: a number when it is safe, else a bigint (as `integerOf` reads its text). */
function int8(buffer: Buffer, at: number): number | bigint {
  const high = int32(buffer, at);
  const low = int32(buffer, at + 4) >>> 0;
  // |high| < 2^21: the value is within ±(2^53 - 1), and the arithmetic below is exact.
  if (high > -2_097_152 && high < 2_097_152) return high * TWO_32 + low;
  const big = (BigInt(high) << 32n) + BigInt(low);
  const number = Number(big);
  return Number.isSafeInteger(number) ? number : big;
}

/**
 * A `timestamptz` (microseconds since 2000-01-01 UTC) as microseconds since the Unix epoch, exact: a number when it
 * is a safe integer (the years 1685 to 2255), else PostgreSQL's own text of it (see `timestampText`), which the
 * export reads as it would have read text COPY.
 */
function timestamptz(buffer: Buffer, at: number): number | string {
  const high = int32(buffer, at);
  const low = int32(buffer, at + 4) >>> 0;
  if (high > -2_097_152 && high < 2_097_152) {
    const epochMicros = high * TWO_32 + low + POSTGRES_EPOCH_MICROS;
    if (Number.isSafeInteger(epochMicros)) return epochMicros;
  }
  const postgresMicros = (BigInt(high) << 32n) + BigInt(low);
  const epochMicros = postgresMicros + POSTGRES_EPOCH_BIGINT;
  if (epochMicros >= MIN_SAFE_BIGINT && epochMicros <= MAX_SAFE_BIGINT) return Number(epochMicros);
  return timestampText(postgresMicros);
}
