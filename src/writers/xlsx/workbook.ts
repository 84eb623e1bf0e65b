import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { ZipArchive } from 'archiver';
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
  readonly archive: ZipArchive;
  readonly settings: WorkbookSettings;
  readonly names: SheetNames;
  readonly written: WrittenSheet[];
  readonly signal: AbortSignal;
}

/**
 * Appends `source` and resolves once the archive has written it. archiver reads every appended stream at once,
 * so appending one at a time is what keeps rows from being pulled ahead. archiver does not forward a source's
 * errors: they destroy the archive here. The source is destroyed when the wait ends early (an abort, an error).
 */
async function appendStream(run: WorkbookRun, source: Readable, name: string): Promise<void> {
  source.once('error', (error) => run.archive.destroy(error));
  run.archive.append(source, { name, date: run.settings.date });
  try {
    await once(run.archive, 'entry', { signal: run.signal });
  } finally {
    source.destroy();
  }
}

/** Writes one source's rows: one worksheet, plus a continuation sheet each time a sheet fills up. */
async function writeSource(run: WorkbookRun, source: XlsxSheetSource, cursor: RowCursor): Promise<void> {
  let part = 1;
  let sheet: SheetStream;
  do {
    const name = run.names.nameOf(source.name, part++);
    const selected = run.written.length === 0;
    sheet = new SheetStream({ name, columns: source.columns, cursor, maxRows: run.settings.maxRowsPerSheet, selected });
    await appendStream(run, sheet, worksheetPath(run.written.length + 1));
    run.written.push({ name, columnCount: source.columns.length, lastRow: sheet.rowsWritten + 1 });
  } while (sheet.overflowed);
}

/** The parts that depend on the sheets written; buffers, appended together after the last worksheet. */
function appendPackageParts(run: WorkbookRun): void {
  const parts: readonly (readonly [string, string])[] = [
    ['xl/styles.xml', stylesXml()],
    ['xl/workbook.xml', workbookXml(run.written)],
    ['xl/_rels/workbook.xml.rels', workbookRelationshipsXml(run.written.length)],
    ['_rels/.rels', packageRelationshipsXml()],
    ['[Content_Types].xml', contentTypesXml(run.written.length)],
  ];
  for (const [name, xml] of parts) {
    run.archive.append(Buffer.from(xml, 'utf8'), { name, date: run.settings.date });
  }
}

/**
 * Writes a whole workbook into `archive` and finalizes it. Each source's `rows()` is called only when its turn
 * comes, and its iterator is released (`return()`) in a `finally`, whether the sheet completed, failed or the
 * `signal` aborted the run. Worksheets come first: how many there are is known only at the end (overflow).
 *
 * @throws what `rows()` or the iterator's `return()` throws, the archive's error, or the signal's reason.
 */
export async function writeWorkbook(
  archive: ZipArchive,
  settings: WorkbookSettings,
  signal: AbortSignal,
): Promise<void> {
  const names = new SheetNames(settings.sheets.map((sheet) => sheet.name));
  const run: WorkbookRun = { archive, settings, names, written: [], signal };
  for (const source of settings.sheets) {
    signal.throwIfAborted();
    const cursor = new RowCursor(source.rows());
    try {
      await writeSource(run, source, cursor);
    } finally {
      cursor.close();
    }
  }
  signal.throwIfAborted();
  appendPackageParts(run);
  // Failures while finalizing reach the stream through the archive's 'error' event.
  archive.finalize().catch(() => undefined);
}
