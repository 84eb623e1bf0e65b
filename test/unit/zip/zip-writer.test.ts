import { expect } from 'chai';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { createZipStream, type ZipEntry } from '../../../src/zip/zip-writer.js';
import { readZip } from '../../helpers/zip.js';

const date = new Date('2026-03-31T00:00:00Z');

function entry(name: string, content: string, log: string[], store = false): ZipEntry {
  return {
    name,
    store,
    open: () => {
      log.push(`open ${name}`);
      return Readable.from([Buffer.from(content)], { objectMode: false }).on('end', () => log.push(`end ${name}`));
    },
  };
}

describe('ZIP writer', () => {
  it('writes every entry, readable by a real unzip library, with the given date', async () => {
    const log: string[] = [];
    const zip = await buffer(createZipStream([entry('a/one.csv', 'x'.repeat(10_000), log), entry('a/two.xlsx', 'PK-not-really', log, true)], { date, level: 6 }));
    const entries = await readZip(zip);
    expect(entries.map((file) => file.name)).to.deep.equal(['a/one.csv', 'a/two.xlsx']);
    expect(entries[0]?.data.toString()).to.equal('x'.repeat(10_000));
    expect(entries[0]?.compressionMethod).to.equal(8);
    expect(entries[1]?.compressionMethod).to.equal(0);
    expect(entries[0]?.lastModified.toISOString()).to.equal(date.toISOString());
  });

  it('flags non-ASCII entry names as UTF-8 so unzip tools show them right', async () => {
    const zip = await buffer(createZipStream([entry('café/zoë.csv', 'x', [])], { date, level: 6 }));
    const [file] = await readZip(zip);
    expect(file?.name).to.equal('café/zoë.csv');
    expect((file?.generalPurposeBitFlag ?? 0) & 0x800).to.equal(0x800);
  });

  it('opens an entry only after the previous one is written', async () => {
    const log: string[] = [];
    await buffer(createZipStream([entry('1', 'a', log), entry('2', 'b', log), entry('3', 'c', log)], { date, level: 1 }));
    expect(log).to.deep.equal(['open 1', 'end 1', 'open 2', 'end 2', 'open 3', 'end 3']);
  });

  it('is byte-identical for the same entries', async () => {
    const make = () => buffer(createZipStream([entry('x.csv', 'hello', []), entry('y.json', '{}', [])], { date, level: 6 }));
    expect((await make()).equals(await make())).to.equal(true);
  });

  it('destroys the open entry and opens no other when the archive is destroyed', async () => {
    const opened: string[] = [];
    let destroyed = false;
    const endless: ZipEntry = {
      name: 'endless', store: false,
      open: () => {
        opened.push('endless');
        return new Readable({ read() { this.push(Buffer.alloc(64 * 1024, 120)); } }).on('close', () => { destroyed = true; });
      },
    };
    const next: ZipEntry = { name: 'next', store: false, open: () => { opened.push('next'); return Readable.from([]); } };
    const zip = createZipStream([endless, next], { date, level: 1 });
    zip.resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    zip.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(destroyed).to.equal(true);
    expect(opened).to.deep.equal(['endless']);
  });

  it('fails the archive when an entry fails', async () => {
    const failing: ZipEntry = {
      name: 'bad', store: false,
      open: () => new Readable({ read() { this.destroy(new Error('rows gone')); } }),
    };
    let failure: unknown;
    try {
      await buffer(createZipStream([failing], { date, level: 1 }));
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.equal('rows gone');
  });
});
