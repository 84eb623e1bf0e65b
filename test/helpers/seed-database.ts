import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoDatabase, type DemoDataOptions } from '../../src/source/demo-data.js';
import { createSourceDatabase } from '../../src/source/schema.js';

/** A source database file in its own temporary directory. */
export interface SeededDatabase {
  /** Absolute path of `source.db` (WAL mode, closed, ready to be opened read-only). */
  path: string;
  /** Deletes the temporary directory and everything in it. */
  remove(): Promise<void>;
}

/** Build from `fixtures/<fixture>.sql`, or with the demo generator. */
export type SeedOptions = { fixture: string } | { demo: DemoDataOptions };

/**
 * The repository's root: the nearest folder above this module holding `package.json` and `fixtures/` (this module
 * runs from `dist/test/helpers/`).
 *
 * @throws Error when there is no such folder.
 */
export function repoRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'fixtures'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no repository root above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}

/**
 * Creates `source.db` in a fresh temporary directory: the schema plus a fixture, or demo data.
 *
 * @throws Error for an unknown fixture (the message lists the known ones) or SQL that does not apply.
 */
export async function seedDatabase(options: SeedOptions): Promise<SeededDatabase> {
  const fixtureSql = 'fixture' in options ? await readFixture(options.fixture) : undefined;
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-test-'));
  const path = join(directory, 'source.db');
  const remove = (): Promise<void> => rm(directory, { recursive: true, force: true });
  try {
    if ('demo' in options) {
      createDemoDatabase(path, options.demo);
    } else {
      const database = createSourceDatabase(path);
      try {
        database.exec(fixtureSql ?? '');
      } finally {
        database.close();
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

async function readFixture(name: string): Promise<string> {
  const folder = join(repoRoot(), 'fixtures');
  const known = (await readdir(folder)).filter((file) => file.endsWith('.sql')).map((file) => file.slice(0, -4));
  if (!known.includes(name)) {
    throw new Error(`unknown fixture ${JSON.stringify(name)}; known: ${known.join(', ')}`);
  }
  return readFile(join(folder, `${name}.sql`), 'utf8');
}
