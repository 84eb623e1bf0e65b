import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { repoRoot } from './seed-database.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `shopzip` command as a user's shell does (`bin/shopzip.js`, the package's bin), in `cwd`, with only the
 * given variables beside PATH (and c8's coverage variable), so that no SHOPZIP_* of the test's own shell leaks in.
 */
export async function runShopzip(args: readonly string[], options: { cwd: string; environment?: Record<string, string> }): Promise<CliRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name === 'PATH' || name === 'NODE_V8_COVERAGE'));
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'shopzip.js'), ...args], {
    cwd: options.cwd,
    env: { ...inherited, ...options.environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const [code] = await once(child, 'close') as [number | null];
  return { code, stdout, stderr };
}
