import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort, startScriptCommand } from '../../bench/service.js';
import { repoRoot } from './seed-database.js';
import { reportViolations } from './openapi/watch.js';

const VIOLATION = /^openapi-violation (.*)$/gm;

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  url(path: string): string;
  /** Resolves with the exit code once the process has exited. */
  exited(): Promise<number | null>;
  /** Sends SIGKILL if it still runs. */
  kill(): void;
}

/**
 * Starts the service as `npm start` does after its build step: the `start` script of package.json, run from the
 * repository root with the given environment. Resolves once it printed its ready message. Its responses are checked
 * against the OpenAPI document (openapi/watch-process.ts): what does not hold fails the running test.
 */
export async function startServiceProcess(environment: Record<string, string>): Promise<ServiceProcess> {
  const root = repoRoot();
  // The same reading of the start script as the bench's (its leading NAME=value words, then node's arguments).
  const start = startScriptCommand(join(root, 'package.json'), ['--import', join(root, 'dist', 'test', 'helpers', 'openapi', 'watch-process.js')]);
  const port = await freePort();
  const child = spawn(process.execPath, start.nodeArguments, { cwd: root, env: { ...process.env, ...start.environment, HOST: '127.0.0.1', PORT: String(port), ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  let scanned = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    const lines = stderr.slice(scanned, stderr.lastIndexOf('\n') + 1); // whole lines only: a chunk may end mid-line
    scanned += lines.length;
    reportViolations([...lines.matchAll(VIOLATION)].map((match) => `service process: ${JSON.parse(match[1]!) as string}`));
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (stdout.includes('shopzip is ready')) { clearInterval(check); resolve(); }
    }, 20);
    void exit.then((code) => { clearInterval(check); reject(new Error(`the service exited with ${code}: ${stderr}`)); });
  });
  await ready;
  return {
    child, port,
    stdout: () => stdout,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    exited: () => exit,
    kill: () => { if (child.exitCode === null) child.kill('SIGKILL'); },
  };
}
