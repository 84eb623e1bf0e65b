/** A single satisfiable range of a representation: bytes `start` to `end`, both inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What a `Range` header asks of a representation of `size` bytes (RFC 9110 section 14): one range to send with
 * 206; `unsatisfiable` (416) when no range of it overlaps the representation; `whole` (200) when there is no
 * usable header: none, another unit, a malformed one, or several ranges (which a server may answer whole).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | 'whole' {
  if (header === undefined || header === '') return 'whole';
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return 'whole';
  const [first, last] = [match[1]!, match[2]!];
  if (first === '' && last === '') return 'whole';
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return 'whole'; // invalid (RFC 9110 14.1.1): ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Whether an `If-None-Match` list matches the entity tag (weak comparison, RFC 9110 13.1.2). */
export function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Whether `If-Match` lets the request through (strong comparison, RFC 9110 13.1.1). */
export function ifMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim() === etag);
}

/**
 * Whether `If-Range` lets a range through (RFC 9110 13.1.5): an entity tag must equal the strong one; a date
 * must be no earlier than the last modification (whole seconds, as `Last-Modified` carries them).
 */
export function ifRangeHolds(header: string, etag: string, lastModified: Date): boolean {
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(lastModified.getTime() / 1000) * 1000 <= date;
}
