import type pg from 'pg';
import { ShopzipError } from '../../errors.js';

type Kind = 'integer' | 'text' | 'timestamptz';

/** What shopzip reads of each table (see `schema.pg.sql`), and the kind of type each column must have. */
const EXPECTED: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  shops: { id: 'integer', slug: 'text', name: 'text', currency: 'text', timezone: 'text' },
  orders: {
    id: 'integer', shop_id: 'integer', order_number: 'text', status: 'text', customer_name: 'text', customer_email: 'text',
    ship_country: 'text', subtotal_minor: 'integer', shipping_minor: 'integer', tax_minor: 'integer', total_minor: 'integer',
    note: 'text', created_at: 'timestamptz',
  },
  order_items: { order_id: 'integer', line_no: 'integer', sku: 'text', title: 'text', quantity: 'integer', unit_price_minor: 'integer' },
};

const TYPES_OF: Readonly<Record<Kind, readonly string[]>> = {
  integer: ['bigint', 'integer', 'smallint'],
  text: ['text', 'character varying', 'character'],
  timestamptz: ['timestamp with time zone'],
};

const COLUMNS_SQL = `SELECT t.name AS table, c.oid IS NOT NULL AS found, coalesce(has_table_privilege(c.oid, 'SELECT'), false) AS readable,
    a.attname AS column, format_type(a.atttypid, NULL) AS type
  FROM unnest($1::text[]) AS t(name)
  LEFT JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped`;

interface ColumnRow {
  readonly table: string;
  readonly found: boolean | string;
  readonly readable: boolean | string;
  readonly column: string | null;
  readonly type: string | null;
}

/**
 * Checks, in the snapshot's transaction, that the tables shopzip reads exist in the search path, may be read, and
 * have the columns it reads with types it can export (see `schema.pg.sql`). Before the first byte, so a mismatch is
 * a clear `503` and a log line instead of a download that breaks later.
 *
 * @throws {ShopzipError} `source_unavailable` whose cause names the first table or column that does not match.
 */
export async function checkSchema(client: pg.Client): Promise<void> {
  const { rows } = await client.query<ColumnRow>(COLUMNS_SQL, [Object.keys(EXPECTED)]);
  const mismatch = firstMismatch(rows);
  if (mismatch !== undefined) {
    throw new ShopzipError('source_unavailable', 'the orders database does not match the schema shopzip reads', {}, {
      cause: new Error(`schema mismatch: ${mismatch}`),
    });
  }
}

const isTrue = (value: boolean | string): boolean => value === true || value === 't';

function firstMismatch(rows: readonly ColumnRow[]): string | undefined {
  for (const [table, columns] of Object.entries(EXPECTED)) {
    const own = rows.filter((row) => row.table === table);
    if (!own.some((row) => isTrue(row.found))) return `there is no table ${table} in the search path`;
    if (!own.some((row) => isTrue(row.readable))) return `the role may not SELECT from table ${table}`;
    for (const [column, kind] of Object.entries(columns)) {
      const found = own.find((row) => row.column === column);
      if (found === undefined) return `table ${table} has no column ${column}`;
      if (!TYPES_OF[kind].includes(found.type ?? '')) return `column ${table}.${column} is ${found.type}, shopzip reads ${TYPES_OF[kind].join(' or ')}`;
    }
  }
  return undefined;
}
