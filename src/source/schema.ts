import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/**
 * Where a schema file may live, best guess first: next to this module (running from `src/`, or a build that copies
 * it), then in the repository's `src/` as seen from the compiled `dist/src/source/schema.js` (tsc does not copy it).
 */
const schemaCandidates = (file: string): readonly URL[] => [
  new URL(`./${file}`, import.meta.url),
  new URL(`../../../src/source/${file}`, import.meta.url),
];

const cachedSchemas = new Map<string, string>();

/**
 * The DDL of the source orders database (the input contract of shopzip), read from `src/source/schema.sql`, or
 * from `src/source/schema.pg.sql` for PostgreSQL.
 *
 * @throws Error when the file is found in none of the expected places.
 */
export function schemaSql(engine: 'sqlite' | 'postgres' = 'sqlite'): string {
  const file = engine === 'sqlite' ? 'schema.sql' : 'schema.pg.sql';
  let schema = cachedSchemas.get(file);
  if (schema === undefined) {
    schema = readFileSync(locateSchemaFile(file), 'utf8');
    cachedSchemas.set(file, schema);
  }
  return schema;
}

function locateSchemaFile(file: string): string {
  const paths = schemaCandidates(file).map((candidate) => fileURLToPath(candidate));
  const found = paths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`${file} not found; looked in: ${paths.join(', ')}`);
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
