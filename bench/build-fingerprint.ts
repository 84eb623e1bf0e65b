import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A hash of the names and contents of every file under `directory` (the compiled service), to tell whether its code
 * changed while the bench ran: measurements before and after would not be comparable. Contents, not times: `tsc`
 * rewrites unchanged files too.
 */
export function buildFingerprint(directory: string): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (!entry.name.endsWith('.map')) hash.update(`${child}\u0000`).update(readFileSync(child));
    }
  };
  visit(directory);
  return hash.digest('hex').slice(0, 16);
}
