import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

/**
 * A fresh all-shops API token named `bench` from the service's own CLI (`tokens-cli.js create --json`), in a new
 * state database at `stateDatabasePath` (the bench's own; removed first). Returns null when the CLI is not built:
 * a service without authentication.
 * @throws Error when the CLI exists but fails or prints no token.
 */
export function createToken(cliPath: string, stateDatabasePath: string, environment: Readonly<Record<string, string>>): string | null {
  if (!existsSync(cliPath)) return null;
  for (const file of [stateDatabasePath, `${stateDatabasePath}-wal`, `${stateDatabasePath}-shm`]) rmSync(file, { force: true });
  const output = execFileSync(process.execPath, [cliPath, 'create', '--name', 'bench', '--all-shops', '--json'], {
    env: { ...process.env, ...environment, SHOPZIP_STATE_DB: stateDatabasePath },
    encoding: 'utf8',
  });
  const token = (JSON.parse(output) as { token?: unknown }).token;
  if (typeof token !== 'string' || token === '') throw new Error(`${cliPath} printed no token: ${output}`);
  return token;
}
