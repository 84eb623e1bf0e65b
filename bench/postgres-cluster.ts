import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './service.js';

const run = promisify(execFile);
/** Clusters started and not yet stopped: their `pg_ctl stop` commands, for {@link stopAllClustersNow}. */
const running = new Map<string, () => void>();
const DEBIAN_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';

/** A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and the bench; nothing of it outlives {@link stop}. */
export interface PostgresCluster {
  readonly port: number;
  /** The superuser's URL of `database` (trusted on loopback: no password). */
  url(database?: string): string;
  /** CPU seconds of the server so far: the postmaster and its live and exited backends (from /proc). */
  serverCpuSeconds(): number;
  /** Stops the server at once (`pg_ctl stop -m immediate`) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The `bin` folder of the newest PostgreSQL that Debian's packages installed (`/usr/lib/postgresql/<version>/bin`,
 * not on PATH), or of `PG_BIN` when set; null when there is no `initdb` there.
 */
export function postgresBinDirectory(): string | null {
  const fromEnvironment = process.env['PG_BIN'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return existsSync(join(fromEnvironment, 'initdb')) ? fromEnvironment : null;
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  const newest = versions.map((version) => join(DEBIAN_ROOT, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
  return newest ?? null;
}

/**
 * Creates and starts a cluster in a new temporary directory, on a free port of 127.0.0.1, with durability off
 * (`fsync`, `full_page_writes`, `synchronous_commit`) and `settings` added. initdb refuses to run as root: as root,
 * the server runs as the `postgres` user (which Debian's package creates) in a directory it owns. Loopback
 * connections of the superuser are trusted; every other role logs in with its password (SCRAM).
 *
 * @throws Error when there are no server binaries or the server does not start (its log is in the message).
 */
export async function startPostgresCluster(settings: Readonly<Record<string, string>> = {}): Promise<PostgresCluster> {
  const bin = postgresBinDirectory();
  if (bin === null) throw new Error('no PostgreSQL server binaries: install the Debian package postgresql');
  const base = await mkdtemp(join(tmpdir(), 'shopzip-pg-'));
  const directory = join(base, 'cluster');
  mkdirSync(directory);
  const asServer = serverUser();
  if (asServer !== null) {
    chmodSync(base, 0o711); // mkdtemp makes it 0700: the server's user must pass through to its own directory
    chownSync(directory, asServer.uid, asServer.gid);
  }
  const data = join(directory, 'data');
  const port = await freePort();
  const command = (program: string, args: string[]): Promise<unknown> =>
    asServer === null ? run(join(bin, program), args) : run('runuser', ['-u', SUPERUSER, '--', join(bin, program), ...args]);
  const stopNow = (): void => {
    const [program, ...args] = asServer === null ? [join(bin, 'pg_ctl')] : ['runuser', '-u', SUPERUSER, '--', join(bin, 'pg_ctl')];
    try {
      execFileSync(program!, [...args, '-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(base, { recursive: true, force: true });
  };
  running.set(base, stopNow);
  const stop = onceOnly(async () => {
    running.delete(base);
    try {
      if (existsSync(join(data, 'postmaster.pid'))) await command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
  try {
    await command('initdb', ['-D', data, '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync']);
    writeFileSync(join(data, 'pg_hba.conf'), hbaConf(), { mode: 0o600 });
    if (asServer !== null) chownSync(join(data, 'pg_hba.conf'), asServer.uid, asServer.gid);
    const options = serverOptions(port, directory, settings);
    await command('pg_ctl', ['-D', data, '-l', join(directory, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = existsSync(join(directory, 'server.log')) ? readFileSync(join(directory, 'server.log'), 'utf8').slice(-2000) : '';
    await stop().catch(() => undefined);
    throw new Error(`the PostgreSQL test cluster did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return {
    port,
    url: (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`,
    serverCpuSeconds: () => serverCpuSeconds(data),
    stop,
  };
}

/** Stops every cluster this process started and has not stopped, synchronously (for exit and signal handlers). */
export function stopAllClustersNow(): void {
  for (const stopNow of running.values()) stopNow();
  running.clear();
}

function hbaConf(): string {
  return [
    'local all all trust',
    `host all ${SUPERUSER} 127.0.0.1/32 trust`,
    'host all all 127.0.0.1/32 scram-sha-256',
    '',
  ].join('\n');
}

function serverOptions(port: number, directory: string, settings: Readonly<Record<string, string>>): string {
  const all: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: directory,
    fsync: 'off',
    full_page_writes: 'off',
    synchronous_commit: 'off',
    ...settings,
  };
  return Object.entries(all).map(([name, value]) => `-c ${name}=${value}`).join(' ');
}

/** The `postgres` user to run the server as when this process is root (initdb refuses root), else null. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${SUPERUSER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`running as root, and there is no ${SUPERUSER} user to run the server as`);
  return { uid: Number(uid), gid: Number(gid) };
}

const TICKS_PER_SECOND = 100;

function serverCpuSeconds(data: string): number {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return 0;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(Number(pid));
    if (fields === null) continue;
    const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]].map(Number);
    if (Number(pid) === postmaster) ticks += utime! + stime! + cutime! + cstime!;
    else if (ppid === postmaster) ticks += utime! + stime!;
  }
  return ticks / TICKS_PER_SECOND;
}

/** Fields of /proc/<pid>/stat after the command name (state first), or null when the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function onceOnly(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
}
