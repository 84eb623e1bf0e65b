import type { Readable } from 'node:stream';
import type { ZipEntry } from '../../zip/zip-writer.js';
import type { WorkbookSettings } from './options.js';
import {
  contentTypesXml,
  packageRelationshipsXml,
  workbookRelationshipsXml,
  workbookXml,
  worksheetPath,
  type WrittenSheet,
} from './parts.js';
import { RowCursor } from './row-cursor.js';
import { SheetNames } from './sheet-names.js';
import { SheetStream } from './sheet-stream.js';
import { stylesXml } from './styles.js';
import type { XlsxSheetSource } from './types.js';

interface WorkbookRun {
  readonly settings: WorkbookSettings;
  readonly names: SheetNames;
  readonly written: WrittenSheet[];
}

/**
 * One source's worksheets: one, plus a continuation sheet each time a sheet fills up. Resumed after a `yield` only
 * once the archive has written that worksheet, so its row count and whether it overflowed are known.
 */
function* sourceWorksheets(run: WorkbookRun, source: XlsxSheetSource, cursor: RowCursor): Generator<ZipEntry<Buffer | Readable>> {
  let part = 1;
  let sheet: SheetStream;
  do {
    const name = run.names.nameOf(source.name, part++);
    const selected = run.written.length === 0;
    sheet = new SheetStream({ name, columns: source.columns, cursor, maxRows: run.settings.maxRowsPerSheet, selected });
    yield { name: worksheetPath(run.written.length + 1), store: false, open: () => sheet };
    run.written.push({ name, columnCount: source.columns.length, lastRow: sheet.rowsWritten + 1 });
  } while (sheet.overflowed);
}

/** The parts that depend on the sheets written; buffers, after the last worksheet. */
export function packageParts(written: readonly WrittenSheet[]): ZipEntry<Buffer>[] {
  const parts: readonly (readonly [string, string])[] = [
    ['xl/styles.xml', stylesXml()],
    ['xl/workbook.xml', workbookXml(written)],
    ['xl/_rels/workbook.xml.rels', workbookRelationshipsXml(written.length)],
    ['_rels/.rels', packageRelationshipsXml()],
    ['[Content_Types].xml', contentTypesXml(written.length)],
  ];
  return parts.map(([name, xml]) => ({ name, store: false, open: () => Buffer.from(xml, 'utf8') }));
}

/**
 * The parts of a workbook package, in order, for an archive that takes the next entry only once it has written the
 * previous one (see `createZipStream`). Each source's `rows()` is called only when its turn comes, and its
 * iterator is released (`return()`) in a `finally`, whether its sheets completed or failed, or the archive ended
 * the iteration early (`return()` on this generator). Worksheets come first: how many there are is known only at
 * the end (overflow).
 *
 * @throws what `rows()` or the iterator's `return()` throws.
 */
export function* workbookEntries(settings: WorkbookSettings): Generator<ZipEntry<Buffer | Readable>, void, undefined> {
  const run: WorkbookRun = { settings, names: new SheetNames(settings.sheets.map((sheet) => sheet.name)), written: [] };
  for (const source of settings.sheets) {
    const cursor = new RowCursor(source.rows());
    try {
      yield* sourceWorksheets(run, source, cursor);
    } finally {
      cursor.close();
    }
  }
  yield* packageParts(run.written);
}
