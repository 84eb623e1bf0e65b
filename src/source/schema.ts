import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/**
 * Where `schema.sql` may live, best guess first: next to this module (running from `src/`, or a build that copies
 * it), then in the repository's `src/` as seen from the compiled `dist/src/source/schema.js` (tsc does not copy it).
 */
const SCHEMA_CANDIDATES: readonly URL[] = [
  new URL('./schema.sql', import.meta.url),
  new URL('../../../src/source/schema.sql', import.meta.url),
];

let cachedSchema: string | undefined;

/**
 * The DDL of the source orders database (the input contract of shopzip), read from `src/source/schema.sql`.
 *
 * @throws Error when `schema.sql` is found in none of the expected places.
 */
export function schemaSql(): string {
  cachedSchema ??= readFileSync(locateSchemaFile(), 'utf8');
  return cachedSchema;
}

function locateSchemaFile(): string {
  const paths = SCHEMA_CANDIDATES.map((candidate) => fileURLToPath(candidate));
  const found = paths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`schema.sql not found; looked in: ${paths.join(', ')}`);
  }
  return found;
}

/**
 * Creates a new, empty source database at `path` in WAL mode with the schema applied, and returns the open handle
 * (the caller closes it). Used by the demo generator and by tests; the service itself only ever reads.
 *
 * @throws Error when `path` (or a leftover `path-wal`, which SQLite would replay) already exists, or the schema
 *   cannot be applied; nothing is left behind in the latter case.
 */
export function createSourceDatabase(path: string): Database.Database {
  if (existsSync(`${path}-wal`)) {
    throw new Error(`refusing to create ${path}: a write-ahead log ${path}-wal already exists`);
  }
  reserveNewFile(path);
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { fileMustExist: true });
    database.pragma('journal_mode = WAL');
    database.exec(schemaSql());
    return database;
  } catch (error) {
    database?.close();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    throw error;
  }
}

/** Creates `path` as an empty file (a valid, empty database), atomically refusing to touch an existing one. */
function reserveNewFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx'));
  } catch (error) {
    throw new Error(`refusing to create ${path}: ${(error as Error).message}`, { cause: error });
  }
}
