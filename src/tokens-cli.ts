import { parseArgs } from 'node:util';
import { TokenStore, type Scope, type TokenRecord } from './auth/token-store.js';
import { EnvironmentReader } from './config.js';

const USAGE = `Usage (npm run tokens -- <command>):
  create --name NAME (--shops a,b,... | --all-shops) [--json]   create a token; its secret is shown once
  list [--json]                                                  list tokens (never their secrets)
  revoke NAME_OR_ID                                              revoke a token
The state database is SHOPZIP_STATE_DB (default ./data/state.db).`;

function scopeText(scope: Scope): string {
  return scope.allShops ? 'all shops' : scope.shops.join(',');
}

function describe(record: TokenRecord): string {
  return `${record.id}  ${record.name}  ${scopeText(record.scope)}  created ${record.createdAt}${record.revokedAt ? `  REVOKED ${record.revokedAt}` : ''}`;
}

function create(store: TokenStore, values: { name?: string; shops?: string; 'all-shops'?: boolean; json?: boolean }): void {
  if (values.name === undefined || (values.shops === undefined) === (values['all-shops'] !== true)) throw new Error(USAGE);
  const scope: Scope = values['all-shops'] === true
    ? { allShops: true }
    : { allShops: false, shops: values.shops!.split(',').map((shop) => shop.trim()).filter((shop) => shop !== '') };
  const { token, record } = store.create(values.name, scope);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ id: record.id, name: record.name, token, shops: record.scope.allShops ? '*' : record.scope.shops })}\n`);
  } else {
    process.stdout.write(`Created ${describe(record)}\nToken (shown only now, keep it secret):\n\n  ${token}\n\n`);
  }
}

function run(argv: readonly string[]): void {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { name: { type: 'string' }, shops: { type: 'string' }, 'all-shops': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const store = new TokenStore(new EnvironmentReader(process.env).text('SHOPZIP_STATE_DB', './data/state.db'));
  try {
    const [command, argument] = positionals;
    if (command === 'create') create(store, values);
    else if (command === 'list') {
      const records = store.list();
      process.stdout.write(values.json === true ? `${JSON.stringify(records)}\n` : `${records.map(describe).join('\n') || 'no tokens'}\n`);
    } else if (command === 'revoke' && argument !== undefined) {
      if (!store.revoke(argument)) throw new Error(`no active token named ${argument}`);
      process.stdout.write(`Revoked ${argument}\n`);
    } else throw new Error(USAGE);
  } finally {
    store.close();
  }
}

try {
  run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
