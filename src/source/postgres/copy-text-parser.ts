import { StringDecoder } from 'node:string_decoder';

/** How a column's text becomes a value: kept as text, or an integer (a number, or a bigint past 2^53). */
export type CopyColumn = 'text' | 'integer';

/**
 * Parses the text format of `COPY ... TO STDOUT` (one row per line, tab-separated fields, `\N` for NULL,
 * backslash escapes) incrementally, from chunks cut anywhere, even inside a UTF-8 character. Each chunk is decoded
 * once and cut with `split`; only a field holding a backslash is unescaped.
 */
export class CopyTextParser<Row> {
  readonly #decoder = new StringDecoder('utf8');
  readonly #columns: readonly CopyColumn[];
  #carry = '';

  constructor(columns: readonly CopyColumn[]) {
    this.#columns = columns;
  }

  /**
   * Appends the complete rows of `chunk` to `rows`; a row cut at the chunk's end waits for the next chunk.
   * @throws RangeError when a row has another number of fields than the columns, or an integer is malformed.
   */
  parse(chunk: Buffer, rows: Row[]): void {
    const text = this.#carry + this.#decoder.write(chunk);
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.#carry = text;
      return;
    }
    this.#carry = text.slice(end + 1);
    const lines = text.slice(0, end).split('\n');
    for (const line of lines) rows.push(this.#row(line));
  }

  /** @throws RangeError when the stream ended inside a row. */
  end(): void {
    const rest = this.#carry + this.#decoder.end();
    if (rest !== '') throw new RangeError(`COPY data ended inside a row (${rest.length} characters)`);
  }

  #row(line: string): Row {
    const fields: (string | number | bigint | null)[] = line.split('\t');
    const columns = this.#columns;
    if (fields.length !== columns.length) throw new RangeError(`a COPY row has ${fields.length} fields, expected ${columns.length}`);
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index] as string;
      if (field.length === 2 && field === '\\N') fields[index] = null;
      else if (columns[index] === 'integer') fields[index] = integerOf(field);
      else if (field.includes('\\')) fields[index] = unescape(field);
    }
    return fields as Row;
  }
}

/** A PostgreSQL integer's text as a number, or as a bigint when it is beyond 2^53. */
export function integerOf(text: string): number | bigint {
  const value = Number(text);
  if (Number.isSafeInteger(value)) return value;
  if (!/^-?\d+$/.test(text)) throw new RangeError(`not an integer: ${JSON.stringify(text.slice(0, 40))}`);
  return BigInt(text);
}

const ESCAPED = /\\(.)/g;
const UNESCAPED: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** COPY's escapes undone (COPY TO writes only these; any other escaped character stands for itself). */
function unescape(field: string): string {
  return field.replace(ESCAPED, (_, character: string) => UNESCAPED[character] ?? character);
}
