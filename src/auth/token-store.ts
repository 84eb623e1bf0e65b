import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateToken, hashSecret, parseToken, secretMatches } from './token.js';

/** Which shops a token may read: all, or the listed slugs. */
export type Scope = { readonly allShops: true } | { readonly allShops: false; readonly shops: readonly string[] };

/** A token as listed: never its secret. */
export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scope: Scope;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Who is asking, once a token is verified. */
export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly scope: Scope;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS tokens (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  secret_hash BLOB NOT NULL,
  shops       TEXT,               -- JSON array of slugs, or NULL for all shops
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
)`;

const UNKNOWN_HASH = Buffer.alloc(32);

interface Row { id: string; name: string; secret_hash: Buffer; shops: string | null; created_at: string; revoked_at: string | null }

/** The API tokens in shopzip's own state database (never the orders source). Secrets are stored only as hashes. */
export class TokenStore {
  readonly #database: Database.Database;

  /** Opens (creating if needed) the state database at `path`. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#database = new Database(path);
    this.#database.pragma('journal_mode = WAL');
    this.#database.exec(SCHEMA);
  }

  /**
   * Creates a token; the returned `token` is the only time its secret is visible.
   * @throws {Error} when the name is taken or the scope names no shop.
   */
  create(name: string, scope: Scope, now = new Date()): { token: string; record: TokenRecord } {
    if (!/^[\w.@-]{1,64}$/.test(name)) throw new Error('a token name is 1-64 characters of letters, digits, _ . @ -');
    if (!scope.allShops && scope.shops.length === 0) throw new Error('a token must be scoped to at least one shop, or to all shops');
    const { id, secret, token } = generateToken();
    const shops = scope.allShops ? null : JSON.stringify([...new Set(scope.shops)].sort());
    try {
      this.#database.prepare('INSERT INTO tokens (id, name, secret_hash, shops, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, name, hashSecret(secret), shops, now.toISOString());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new Error(`a token named ${name} exists already`);
      throw error;
    }
    return { token, record: this.#record(this.#row(id)!) };
  }

  /** Every token, revoked ones included, oldest first. */
  list(): TokenRecord[] {
    return (this.#database.prepare('SELECT * FROM tokens ORDER BY created_at, name').all() as Row[]).map((row) => this.#record(row));
  }

  /** Revokes the token with this name or id; false when there is none (or it was revoked already). */
  revoke(nameOrId: string, now = new Date()): boolean {
    const result = this.#database.prepare('UPDATE tokens SET revoked_at = ? WHERE (name = ? OR id = ?) AND revoked_at IS NULL')
      .run(now.toISOString(), nameOrId, nameOrId);
    return result.changes > 0;
  }

  /** The principal of a valid, unrevoked token; null for anything else. */
  verify(token: string): Principal | null {
    const parts = parseToken(token);
    if (parts === null) return null;
    const row = this.#row(parts.id);
    // Hash and compare even for an unknown id, so the answer takes the same time either way.
    const matches = secretMatches(parts.secret, row?.secret_hash ?? UNKNOWN_HASH);
    if (row === undefined || row.revoked_at !== null || !matches) return null;
    return { tokenId: row.id, name: row.name, scope: this.#record(row).scope };
  }

  /** Whether the token with this id exists and is not revoked (a job's signed link and its runs stand for it). */
  isActive(id: string): boolean {
    const row = this.#row(id);
    return row !== undefined && row.revoked_at === null;
  }

  close(): void {
    this.#database.close();
  }

  #row(id: string): Row | undefined {
    return this.#database.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as Row | undefined;
  }

  #record(row: Row): TokenRecord {
    const scope: Scope = row.shops === null ? { allShops: true } : { allShops: false, shops: JSON.parse(row.shops) as string[] };
    return { id: row.id, name: row.name, scope, createdAt: row.created_at, revokedAt: row.revoked_at };
  }
}

/** The shops a principal may read: `null` for all of them. */
export function readableShops(principal: Principal): readonly string[] | null {
  return principal.scope.allShops ? null : principal.scope.shops;
}
