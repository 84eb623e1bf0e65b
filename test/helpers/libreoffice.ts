import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * CSV export options (https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html): comma,
 * double quote, UTF-8 (76), from line 1, quoted fields as text, detect special numbers, save cell contents *as
 * shown* (so number formats apply), no formulas, no trimming, and `-1`: every sheet to its own file.
 */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';

/** LibreOffice reports each sheet it exports, in sheet order: `Writing sheet Orders -> /tmp/.../book-Orders.csv`. */
const WRITING_SHEET = /^Writing sheet .* -> (.+)$/gm;

/**
 * Opens an `.xlsx` with LibreOffice Calc (headless, with a throwaway profile) and returns the CSV of each sheet,
 * in sheet order, as displayed (formatted, in the en-US locale). Slow: a few seconds per call.
 *
 * @throws when LibreOffice fails to open or convert the file.
 */
export async function convertWithLibreOffice(xlsx: Buffer): Promise<string[]> {
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-libreoffice-'));
  try {
    const input = join(directory, 'book.xlsx');
    await writeFile(input, xlsx);
    const profile = `-env:UserInstallation=${pathToFileURL(join(directory, 'profile')).href}`;
    const outputDirectory = join(directory, 'csv');
    const { stdout, stderr } = await execFileAsync(
      'soffice',
      [profile, '--headless', '--norestore', '--convert-to', CSV_FILTER, '--outdir', outputDirectory, input],
      // A fixed locale, so that numbers are formatted the same everywhere (en-US: `1,234.50`).
      { timeout: 180_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
    const paths = Array.from(stdout.matchAll(WRITING_SHEET), (match) => match[1] ?? '');
    if (paths.length === 0) {
      throw new Error(`LibreOffice could not convert the workbook:\n${stdout}\n${stderr}`);
    }
    return await Promise.all(paths.map((path) => readFile(path, 'utf8')));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
