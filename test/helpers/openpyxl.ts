import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Debian's interpreter, which has python3-openpyxl (the `python3` on PATH may not). */
const PYTHON = '/usr/bin/python3';

/** One cell as openpyxl reads it. */
export interface WorkbookCell {
  /** The value; datetimes as ISO strings with milliseconds (`2024-01-02T03:04:05.006`). */
  readonly value: string | number | boolean | null;
  /** Python type name of the value: `int`, `float`, `datetime`, `str`, `NoneType`, ... */
  readonly type: string;
  /** openpyxl's `number_format`, e.g. `General`, `0`, `#,##0.00`. */
  readonly numberFormat: string;
}

/** One worksheet as openpyxl reads it. */
export interface WorkbookSheet {
  readonly name: string;
  /** Top-left cell of the scrolling pane (`A2` when the header row is frozen), or null. */
  readonly freezePanes: string | null;
  /** The autofilter's range, such as `A1:D8`, or null. */
  readonly autoFilterRef: string | null;
  /** Width in characters by column letter, for columns with a `<col>` entry. */
  readonly columnWidths: Readonly<Record<string, number>>;
  /** Whether every non-empty cell of row 1 is bold. */
  readonly headerBold: boolean;
  /** Every row from 1 to the last, every cell from A to the last column (empty cells included). */
  readonly rows: readonly (readonly WorkbookCell[])[];
}

/** A workbook as openpyxl reads it: its sheets in order. */
export interface Workbook {
  readonly sheets: readonly WorkbookSheet[];
}

/**
 * openpyxl 3.0.9 does not decode `_xHHHH_` escapes (ECMA-376 `ST_Xstring`) in cell text, though Excel and
 * LibreOffice do; the script applies openpyxl's own decoder (`openpyxl.utils.escape.unescape`, the one it uses
 * for header/footer text) so that values read as Excel shows them.
 */
const SCRIPT = String.raw`
import datetime, json, sys
import openpyxl
from openpyxl.utils.escape import unescape

def cell_json(cell):
    value = cell.value
    if isinstance(value, datetime.datetime):
        value = value.isoformat(timespec='milliseconds')
    elif isinstance(value, str):
        value = unescape(value)
    return {'value': value, 'type': type(cell.value).__name__, 'numberFormat': cell.number_format}

def sheet_json(sheet):
    return {
        'name': sheet.title,
        'freezePanes': sheet.freeze_panes,
        'autoFilterRef': sheet.auto_filter.ref,
        'columnWidths': {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()},
        'headerBold': all(bool(cell.font.b) for cell in sheet[1] if cell.value is not None),
        'rows': [[cell_json(cell) for cell in row] for row in sheet.iter_rows()],
    }

workbook = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({'sheets': [sheet_json(sheet) for sheet in workbook.worksheets]}))
`;

/**
 * Reads an `.xlsx` with openpyxl (full mode, so styles, frozen panes and autofilters are visible) and returns what
 * it sees. Throws when openpyxl cannot load the file.
 */
export async function readWorkbookWithOpenpyxl(xlsx: Buffer): Promise<Workbook> {
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-openpyxl-'));
  try {
    const path = join(directory, 'workbook.xlsx');
    await writeFile(path, xlsx);
    const { stdout } = await execFileAsync(PYTHON, ['-c', SCRIPT, path], { maxBuffer: 512 * 1024 * 1024 });
    return JSON.parse(stdout) as Workbook;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
