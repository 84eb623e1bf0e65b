import { readdirSync, readlinkSync } from 'node:fs';

/** Paths of the files this process holds open that match `pattern` (a deleted file reads as `path (deleted)`). */
export function openFilesMatching(pattern: RegExp): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // closed meanwhile
    }
  }).filter((path) => pattern.test(path));
}

/** Workbook spool files (`WorkbookSpool`) this process holds open: unlinked, so they read `... (deleted)`. */
export function openSpoolFiles(): string[] {
  return openFilesMatching(/\/shopzip-[0-9a-f-]+\.xlsx/);
}
