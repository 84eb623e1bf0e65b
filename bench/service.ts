import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server process started by the bench, listening on loopback. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export interface ServerSpec {
  readonly name: string;
  /** Arguments after `node`. */
  readonly nodeArguments: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly port: number;
  /** Working directory of the process (the bench's own by default); relative paths in its arguments start there. */
  readonly cwd?: string;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const running = new Set<ChildProcess>();

/** How `npm start` runs the service: environment variables it sets, then node's arguments. */
export interface StartCommand {
  readonly environment: Readonly<Record<string, string>>;
  readonly nodeArguments: string[];
}

/**
 * The command of `npm start` (the `start` script of package.json, read now: it changes as the service does): its
 * leading `NAME=value` assignments and the arguments of `node`, with `extraFlags` (e.g. `--cpu-prof`) before them.
 * @throws Error when the script is not a plain `[NAME=value ...] node ...` command line.
 */
export function startScriptCommand(packageJsonPath: string, extraFlags: readonly string[] = []): StartCommand {
  const start = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: { start?: string } }).scripts?.start;
  const words = start?.trim().split(/\s+/) ?? [];
  const assignments = words.slice(0, Math.max(0, words.indexOf('node')));
  if (!words.includes('node') || !assignments.every((word) => /^[A-Z_][A-Z0-9_]*=[\w.-]*$/.test(word)) || words.some((word) => /[;&|<>$`'"]/.test(word))) {
    throw new Error(`the start script must be a plain "[NAME=value ...] node ..." command line to be benchmarked, got ${JSON.stringify(start)}`);
  }
  const environment = Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
  return { environment, nodeArguments: [...extraFlags, ...words.slice(assignments.length + 1)] };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Spawns `node <nodeArguments>` and waits until `GET /healthz` answers 200.
 * @throws Error with the process's last stderr lines when it exits or is not healthy within 30 s.
 */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const child = spawn(process.execPath, spec.nodeArguments, {
    ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
    env: { ...process.env, ...spec.environment },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => { stderr = (stderr + text).slice(-4000); });
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${spec.port}`;
  const server: ServerProcess = { name: spec.name, pid: child.pid ?? -1, url, stop: () => stopChild(child) };
  try {
    await waitHealthy(url, child);
  } catch (error) {
    await server.stop();
    throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${stderr}`);
  }
  return server;
}

/** Kills every server still running; for exits on errors and Ctrl-C. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`GET /healthz did not answer 200 within ${READY_TIMEOUT_MS} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
