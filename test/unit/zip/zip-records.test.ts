import { expect } from 'chai';
import * as records from '../../../src/zip/zip-records.js';
import type { ZipEntryRecord } from '../../../src/zip/zip-records.js';

const GiB = 1024 ** 3;
const when = records.dosDateTime(new Date('2024-05-06T07:08:09Z'));
const name = Buffer.from('xl/worksheets/sheet1.xml');

function record(sizes: Partial<Pick<ZipEntryRecord, 'size' | 'compressedSize' | 'offset'>>): ZipEntryRecord {
  return { name, method: records.METHOD_DEFLATED, crc: 0x12345678, size: 1000, compressedSize: 300, offset: 0, ...sizes };
}

/** The fields of a central directory header, its zip64 extra field read as the APPNOTE says (4.5.3). */
function parseCentralDirectoryHeader(header: Buffer): Record<string, number> {
  expect(header.readUInt32LE(0)).to.equal(0x02014b50);
  const nameLength = header.readUInt16LE(28);
  const extraLength = header.readUInt16LE(30);
  const fields = {
    versionNeeded: header.readUInt16LE(6),
    flags: header.readUInt16LE(8),
    crc: header.readUInt32LE(16),
    compressedSize: header.readUInt32LE(20),
    size: header.readUInt32LE(24),
    offset: header.readUInt32LE(42),
    extraLength,
  };
  expect(header.subarray(46, 46 + nameLength).equals(name)).to.equal(true);
  expect(header.length).to.equal(46 + nameLength + extraLength);
  if (extraLength === 0) return fields;
  const extra = header.subarray(46 + nameLength);
  expect([extra.readUInt16LE(0), extra.readUInt16LE(2)]).to.deep.equal([0x0001, extraLength - 4]);
  let at = 4;
  const wide = (value: number): number => {
    if (value !== records.ZIP64_LIMIT) return value;
    const read = Number(extra.readBigUInt64LE(at));
    at += 8;
    return read;
  };
  const resolved = { ...fields, size: wide(fields.size), compressedSize: wide(fields.compressedSize), offset: wide(fields.offset) };
  expect(at, 'every value of the extra field is one a header field points to').to.equal(extraLength);
  return resolved;
}

describe('ZIP records', () => {
  it('dates entries in UTC with 2-second resolution, clamped to the years MS-DOS dates can hold', () => {
    expect(when).to.deep.equal({ date: (44 << 9) | (5 << 5) | 6, time: (7 << 11) | (8 << 5) | 4 });
    expect(records.dosDateTime(new Date('1970-01-01T00:00:00Z'))).to.deep.equal({ date: (1 << 5) | 1, time: 0 });
    expect(records.dosDateTime(new Date('2200-01-01T00:00:00Z'))).to.deep.equal({
      date: (127 << 9) | (12 << 5) | 31,
      time: (23 << 11) | (59 << 5) | 29,
    });
  });

  it('writes a local header with version 2.0, data-descriptor and UTF-8 flags, no CRC or sizes', () => {
    const header = records.localFileHeader(name, records.METHOD_DEFLATED, when, false);
    expect(header.readUInt32LE(0)).to.equal(0x04034b50);
    expect([header.readUInt16LE(4), header.readUInt16LE(6), header.readUInt16LE(8)]).to.deep.equal([20, 0x0808, 8]);
    expect([header.readUInt16LE(10), header.readUInt16LE(12)]).to.deep.equal([when.time, when.date]);
    expect([header.readUInt32LE(14), header.readUInt32LE(18), header.readUInt32LE(22)]).to.deep.equal([0, 0, 0]);
    expect([header.readUInt16LE(26), header.readUInt16LE(28)]).to.deep.equal([name.length, 0]);
    expect(header.subarray(30).equals(name)).to.equal(true);
  });

  it('declares an entry of unknown size ZIP64 with version 4.5, sizes 0xFFFFFFFF and a zip64 extra field of zeros', () => {
    const header = records.localFileHeader(name, records.METHOD_DEFLATED, when, true);
    expect([header.readUInt16LE(4), header.readUInt16LE(6), header.readUInt32LE(14)]).to.deep.equal([45, 0x0808, 0]);
    expect([header.readUInt32LE(18), header.readUInt32LE(22), header.readUInt16LE(28)]).to.deep.equal([records.ZIP64_LIMIT, records.ZIP64_LIMIT, 20]);
    expect(header.subarray(30 + name.length).toString('hex')).to.equal('01001000' + '00'.repeat(16));
  });

  it('writes a 16-byte data descriptor while sizes fit in 4 bytes, and 8-byte sizes from 0xFFFFFFFF on', () => {
    const small = records.dataDescriptor(record({ size: records.ZIP64_LIMIT - 1, compressedSize: records.ZIP64_LIMIT - 1 }), false);
    expect(small.length).to.equal(16);
    expect([small.readUInt32LE(0), small.readUInt32LE(4), small.readUInt32LE(8), small.readUInt32LE(12)]).to.deep.equal([
      0x08074b50, 0x12345678, records.ZIP64_LIMIT - 1, records.ZIP64_LIMIT - 1,
    ]);
    for (const sizes of [{ size: records.ZIP64_LIMIT }, { compressedSize: 5 * GiB, size: 5 * GiB }]) {
      const large = records.dataDescriptor(record(sizes), false);
      expect(large.length).to.equal(24);
      expect(Number(large.readBigUInt64LE(8))).to.equal(record(sizes).compressedSize);
      expect(Number(large.readBigUInt64LE(16))).to.equal(record(sizes).size);
    }
    expect(records.dataDescriptor(record({}), true).length, 'declared ZIP64').to.equal(24);
  });

  it('writes a central directory header without extra field while every value fits', () => {
    const fields = parseCentralDirectoryHeader(records.centralDirectoryHeader(record({ offset: records.ZIP64_LIMIT - 1 }), when, false));
    expect(fields).to.deep.include({ versionNeeded: 20, flags: 0x0808, crc: 0x12345678, size: 1000, compressedSize: 300, extraLength: 0 });
    expect(fields.offset).to.equal(records.ZIP64_LIMIT - 1);
  });

  it('puts only the size in the zip64 extra field when only the size needs it (a well-compressed 4 GiB sheet)', () => {
    const header = records.centralDirectoryHeader(record({ size: 6 * GiB, compressedSize: 200_000_000, offset: 1234 }), when, false);
    expect(header.readUInt32LE(24)).to.equal(records.ZIP64_LIMIT);
    expect(header.readUInt32LE(20)).to.equal(200_000_000);
    expect(parseCentralDirectoryHeader(header)).to.deep.include({ versionNeeded: 45, size: 6 * GiB, compressedSize: 200_000_000, offset: 1234, extraLength: 12 });
  });

  it('writes the extra field values in order up to the last one needed, for readers that take them by position', () => {
    const compressed = records.centralDirectoryHeader(record({ size: records.ZIP64_LIMIT - 10, compressedSize: records.ZIP64_LIMIT + 10 }), when, false);
    expect(parseCentralDirectoryHeader(compressed)).to.deep.include({ size: records.ZIP64_LIMIT - 10, compressedSize: records.ZIP64_LIMIT + 10, offset: 0, extraLength: 20 });
    const offset = records.centralDirectoryHeader(record({ offset: 5 * GiB }), when, false);
    expect([offset.readUInt32LE(24), offset.readUInt32LE(20), offset.readUInt32LE(42)]).to.deep.equal([records.ZIP64_LIMIT, records.ZIP64_LIMIT, records.ZIP64_LIMIT]);
    expect(parseCentralDirectoryHeader(offset)).to.deep.include({ versionNeeded: 45, size: 1000, compressedSize: 300, offset: 5 * GiB, extraLength: 28 });
    expect(parseCentralDirectoryHeader(records.centralDirectoryHeader(record({}), when, true))).to.deep.include({ size: 1000, offset: 0, extraLength: 28 });
  });

  it('ends a small archive with the classic end record only', () => {
    const end = records.endOfCentralDirectory({ entries: 9, offset: 5000, size: 700 }, false);
    expect(end.length).to.equal(22);
    expect([end.readUInt32LE(0), end.readUInt16LE(8), end.readUInt16LE(10), end.readUInt32LE(12), end.readUInt32LE(16)]).to.deep.equal([
      0x06054b50, 9, 9, 700, 5000,
    ]);
  });

  it('adds the zip64 end record and locator past 65,534 entries or a 4 GiB offset, marking what does not fit', () => {
    for (const directory of [{ entries: 0xffff, offset: 5000, size: 4_000_000 }, { entries: 9, offset: 5 * GiB, size: 700 }]) {
      const end = records.endOfCentralDirectory(directory, false);
      expect(end.length).to.equal(56 + 20 + 22);
      const [record64, locator, classic] = [end.subarray(0, 56), end.subarray(56, 76), end.subarray(76)];
      expect([record64.readUInt32LE(0), Number(record64.readBigUInt64LE(4)), record64.readUInt16LE(14)]).to.deep.equal([0x06064b50, 44, 45]);
      expect([24, 32, 40, 48].map((at) => Number(record64.readBigUInt64LE(at)))).to.deep.equal([
        directory.entries, directory.entries, directory.size, directory.offset,
      ]);
      expect([locator.readUInt32LE(0), Number(locator.readBigUInt64LE(8)), locator.readUInt32LE(16)]).to.deep.equal([
        0x07064b50, directory.offset + directory.size, 1,
      ]);
      expect(classic.readUInt16LE(10)).to.equal(Math.min(directory.entries, 0xffff));
      expect(classic.readUInt32LE(12)).to.equal(directory.size);
      expect(classic.readUInt32LE(16)).to.equal(Math.min(directory.offset, records.ZIP64_LIMIT));
    }
  });
});
