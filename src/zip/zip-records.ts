/**
 * The records of a ZIP archive (PKWARE APPNOTE 6.3.10, https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT)
 * as a streaming writer writes them: a local file header without CRC and sizes, the data (DEFLATE), a data
 * descriptor with them, then the central directory and the end records. Pure functions of their arguments, so
 * output is deterministic. No entry is STORED: a reader that reads front to back finds the end of a STORED entry only
 * from sizes in its local header (see docs/zip.md).
 *
 * ZIP64 only where a value does not fit: LibreOffice 7.4 refuses zip64 records that are not needed. A local header
 * written before its entry's size is known is the classic one (version 2.0, no zip64 extra) unless the writer
 * declares the entry ZIP64; an entry that turns out 4 GiB or more anyway gets an 8-byte data descriptor and a zip64
 * extra in the central directory, as Java's ZipOutputStream and Go's archive/zip write it. Readers that size entries
 * from the central directory (Info-ZIP, 7-Zip, Python's zipfile, yauzl, Java's ZipFile) take that, and so does
 * Java's ZipInputStream (it counts the bytes it read); libarchive reading a stream (`bsdtar -f -`), Excel and recent
 * LibreOffice take the width of the data descriptor from the local header (https://rzymek.github.io/post/excel-zip64/,
 * https://github.com/libarchive/libarchive/issues/1834), so they need the declaration. Declaring a small entry
 * ZIP64 is no fix: Java 17's ZipInputStream then misreads its 8-byte descriptor (JDK-8298530).
 */
/** A 4-byte size or offset at or above this needs ZIP64 (the value itself is the "see zip64" marker). */
export const ZIP64_LIMIT = 0xffff_ffff;
/** An entry count at or above this needs ZIP64. */
export const ZIP64_ENTRY_LIMIT = 0xffff;

export const METHOD_DEFLATED = 8;

const LOCAL_FILE_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_EXTRA_FIELD = 0x0001;
/** Bit 3: CRC and sizes follow the data, in a data descriptor; bit 11: the name is UTF-8. */
const FLAGS = 0x0808;
/** 2.0: deflate and data descriptors. */
const VERSION_NEEDED = 20;
/** 4.5: ZIP64. */
const VERSION_NEEDED_ZIP64 = 45;
/** Unix, 4.5, and a regular `rw-r--r--` file with the MS-DOS archive bit: what archiver wrote before us. */
const VERSION_MADE_BY = (3 << 8) | 45;
const EXTERNAL_ATTRIBUTES = ((0o100644 << 16) | 0x20) >>> 0;
/** The range of MS-DOS dates (UTC here, as archiver wrote them); times have a 2-second resolution. */
const FIRST_DOS_TIME = Date.UTC(1980, 0, 1);
const LAST_DOS_TIME = Date.UTC(2107, 11, 31, 23, 59, 58);

/** An entry's CRC-32 (of its uncompressed bytes) and sizes. */
export interface EntrySums {
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
}

/** What the central directory says of one entry. */
export interface ZipEntryRecord extends EntrySums {
  /** The name, UTF-8 encoded. */
  readonly name: Buffer;
  readonly method: typeof METHOD_DEFLATED;
  /** Where its local file header starts. */
  readonly offset: number;
}

/** Where the central directory is, and how many entries it lists. */
export interface ZipDirectory {
  readonly entries: number;
  readonly offset: number;
  readonly size: number;
}

/** MS-DOS date and time fields, 16 bits each. */
export interface DosDateTime {
  readonly date: number;
  readonly time: number;
}

/** Fills a buffer of a known length field by field, little-endian; a value that does not fit throws a RangeError. */
class RecordBuilder {
  readonly buffer: Buffer;
  #at = 0;

  constructor(length: number) {
    this.buffer = Buffer.alloc(length);
  }

  u16(value: number): this {
    this.#at = this.buffer.writeUInt16LE(value, this.#at);
    return this;
  }

  u32(value: number): this {
    this.#at = this.buffer.writeUInt32LE(value, this.#at);
    return this;
  }

  u64(value: number): this {
    this.#at = this.buffer.writeBigUInt64LE(BigInt(value), this.#at);
    return this;
  }

  bytes(value: Buffer): this {
    this.#at += value.copy(this.buffer, this.#at);
    return this;
  }
}

/** The MS-DOS date and time of `date` in UTC, clamped to the years 1980 to 2107 that they can hold. */
export function dosDateTime(date: Date): DosDateTime {
  const clamped = new Date(Math.min(Math.max(date.getTime(), FIRST_DOS_TIME), LAST_DOS_TIME));
  return {
    date: ((clamped.getUTCFullYear() - 1980) << 9) | ((clamped.getUTCMonth() + 1) << 5) | clamped.getUTCDate(),
    time: (clamped.getUTCHours() << 11) | (clamped.getUTCMinutes() << 5) | (clamped.getUTCSeconds() >> 1),
  };
}

/**
 * The header before an entry's data: CRC and sizes are zero, to follow in the data descriptor. `zip64` declares the
 * entry ZIP64: version 4.5, the size fields at 0xFFFFFFFF and a zip64 extra field with both sizes zero, as Info-ZIP
 * and Python's zipfile write it for a stream (APPNOTE 4.5.3); a reader that reads front to back, such as libarchive,
 * then reads 8-byte sizes in the data descriptor (APPNOTE 4.3.9.2).
 */
export function localFileHeader(name: Buffer, method: number, when: DosDateTime, zip64: boolean): Buffer {
  const header = new RecordBuilder(30 + name.length + (zip64 ? 20 : 0))
    .u32(LOCAL_FILE_HEADER)
    .u16(zip64 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED)
    .u16(FLAGS)
    .u16(method)
    .u16(when.time)
    .u16(when.date)
    .u32(0)
    .u32(zip64 ? ZIP64_LIMIT : 0)
    .u32(zip64 ? ZIP64_LIMIT : 0)
    .u16(name.length)
    .u16(zip64 ? 20 : 0)
    .bytes(name);
  if (zip64) header.u16(ZIP64_EXTRA_FIELD).u16(16).u64(0).u64(0);
  return header.buffer;
}

/**
 * The CRC and sizes after an entry's data: 8-byte sizes when its local header declared it ZIP64 (`zip64`), or when
 * either size reaches {@link ZIP64_LIMIT} (where Java's ZipInputStream expects them, counting the bytes it read).
 */
export function dataDescriptor(entry: EntrySums, zip64: boolean): Buffer {
  if (zip64 || entry.size >= ZIP64_LIMIT || entry.compressedSize >= ZIP64_LIMIT) {
    return new RecordBuilder(24).u32(DATA_DESCRIPTOR).u32(entry.crc).u64(entry.compressedSize).u64(entry.size).buffer;
  }
  return new RecordBuilder(16).u32(DATA_DESCRIPTOR).u32(entry.crc).u32(entry.compressedSize).u32(entry.size).buffer;
}

/**
 * An entry's central directory header. When its size, compressed size or offset reaches {@link ZIP64_LIMIT} (or
 * with `force`), a zip64 extra field holds the values, in that order, up to the last one that needs it; each of
 * those is 0xFFFFFFFF in the header, as the APPNOTE asks (4.5.3). Writing a prefix keeps readers right that take
 * the fields by position, such as LibreOffice's `ZipFile::readExtraFields`; leaving the offset out unless needed
 * is what Excel is reported to require (https://issues.apache.org/jira/browse/COMPRESS-474).
 */
export function centralDirectoryHeader(entry: ZipEntryRecord, when: DosDateTime, force: boolean): Buffer {
  const values = [entry.size, entry.compressedSize, entry.offset];
  const wide = force ? values.length : values.findLastIndex((value) => value >= ZIP64_LIMIT) + 1;
  const extraLength = wide === 0 ? 0 : 4 + 8 * wide;
  const field = (index: number): number => (index < wide ? ZIP64_LIMIT : (values[index] ?? 0));
  const header = new RecordBuilder(46 + entry.name.length + extraLength)
    .u32(CENTRAL_DIRECTORY_HEADER)
    .u16(VERSION_MADE_BY)
    .u16(wide === 0 ? VERSION_NEEDED : VERSION_NEEDED_ZIP64)
    .u16(FLAGS)
    .u16(entry.method)
    .u16(when.time)
    .u16(when.date)
    .u32(entry.crc)
    .u32(field(1))
    .u32(field(0))
    .u16(entry.name.length)
    .u16(extraLength)
    .u16(0) // comment length
    .u16(0) // disk number
    .u16(0) // internal attributes
    .u32(EXTERNAL_ATTRIBUTES)
    .u32(field(2))
    .bytes(entry.name);
  if (wide > 0) {
    header.u16(ZIP64_EXTRA_FIELD).u16(8 * wide);
    values.slice(0, wide).forEach((value) => header.u64(value));
  }
  return header.buffer;
}

/**
 * The records after the central directory: the end of central directory record, preceded by the zip64 end of
 * central directory record and its locator when the entry count, the directory's size or its offset needs them
 * (or `force`); then each field that does not fit in the classic record is at its maximum there.
 */
export function endOfCentralDirectory(directory: ZipDirectory, force: boolean): Buffer {
  const wideEntries = force || directory.entries >= ZIP64_ENTRY_LIMIT;
  const wideSize = force || directory.size >= ZIP64_LIMIT;
  const wideOffset = force || directory.offset >= ZIP64_LIMIT;
  const end = new RecordBuilder(22)
    .u32(END_OF_CENTRAL_DIRECTORY)
    .u16(0) // this disk
    .u16(0) // the disk where the directory starts
    .u16(wideEntries ? ZIP64_ENTRY_LIMIT : directory.entries)
    .u16(wideEntries ? ZIP64_ENTRY_LIMIT : directory.entries)
    .u32(wideSize ? ZIP64_LIMIT : directory.size)
    .u32(wideOffset ? ZIP64_LIMIT : directory.offset)
    .u16(0).buffer; // comment length
  return wideEntries || wideSize || wideOffset ? Buffer.concat([zip64End(directory), end]) : end;
}

/** The zip64 end of central directory record, right after the directory, and the locator that points to it. */
function zip64End(directory: ZipDirectory): Buffer {
  return new RecordBuilder(56 + 20)
    .u32(ZIP64_END_OF_CENTRAL_DIRECTORY)
    .u64(44) // the size of the rest of this record
    .u16(VERSION_MADE_BY)
    .u16(VERSION_NEEDED_ZIP64)
    .u32(0) // this disk
    .u32(0) // the disk where the directory starts
    .u64(directory.entries)
    .u64(directory.entries)
    .u64(directory.size)
    .u64(directory.offset)
    .u32(ZIP64_END_LOCATOR)
    .u32(0) // the disk of the zip64 end record
    .u64(directory.offset + directory.size)
    .u32(1).buffer; // total number of disks
}
