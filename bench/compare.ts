import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { percentile, type Measurement } from './measure.js';
import { progress } from './progress.js';

/** A compiled checkout of another revision of shopzip, whose server the bench runs beside this one's. */
export interface ReferenceBuild {
  /** As given, e.g. `main` (a commit hash is shortened). */
  readonly revision: string;
  /** Its commit, abbreviated. */
  readonly commit: string;
  /** Where it is built: `bench/data/reference/<commit>/`. */
  readonly root: string;
}

/** A scenario the comparison runs on both builds: `run` measures it (some give more rows) on a fresh server of the one named. */
export interface ComparedStep {
  readonly id: string;
  run(build: 'this' | 'reference'): Promise<Measurement | Measurement[]>;
}

export interface ComparedRun {
  readonly round: number;
  readonly build: 'this' | 'reference';
  readonly measurement: Measurement;
}

/**
 * Builds `revision` of the repository at `root` unless it is built already: its files from `git archive` (no
 * worktree is registered) in `bench/data/reference/<commit>/`, with this checkout's `node_modules` linked in when
 * its package-lock.json is this one's, else its own from `npm ci` (better-sqlite3 may take minutes to build), and
 * its `src/` compiled with its TypeScript (`tsconfig.build.json`).
 * @throws Error when the revision is unknown, its dependencies do not install or it does not compile.
 */
export function buildReference(root: string, revision: string): ReferenceBuild {
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--verify', `${revision}^{commit}`], { encoding: 'utf8' }).trim();
  const directory = resolve(root, 'bench/data/reference', commit);
  if (!existsSync(join(directory, 'dist/src/main.js'))) {
    progress(`building ${revision} (${commit.slice(0, 7)}) in ${directory}`);
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    const files = spawnSync('git', ['-C', root, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
    const extracted = files.status === 0 ? spawnSync('tar', ['-x', '-C', directory], { input: files.stdout }) : files;
    if (extracted.status !== 0) throw new Error(`cannot extract ${revision}: ${String(extracted.stderr)}`);
    installDependencies(root, directory);
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: directory, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`${revision} does not compile: ${tsc.stdout}${tsc.stderr}`);
  }
  return { revision: commit.startsWith(revision) ? commit.slice(0, 7) : revision, commit: commit.slice(0, 7), root: directory };
}

function installDependencies(root: string, directory: string): void {
  const lock = (folder: string): string => readFileSync(join(folder, 'package-lock.json'), 'utf8');
  if (lock(root) === lock(directory)) {
    symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'));
    return;
  }
  progress(`its package-lock.json differs from this checkout's: npm ci in ${directory}`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (npm.status !== 0) throw new Error(`npm ci failed in ${directory}: ${npm.stderr.slice(-2000)}`);
}

/**
 * Runs every step on both builds, `rounds` times, in turns: the reference first in odd rounds, this build first in
 * even ones, so that a drift of the machine's load weighs on both alike.
 */
export async function compareRuns(steps: readonly ComparedStep[], rounds: number): Promise<ComparedRun[]> {
  const runs: ComparedRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const step of steps) {
      const builds = round % 2 === 1 ? (['reference', 'this'] as const) : (['this', 'reference'] as const);
      for (const build of builds) {
        progress(`round ${round}: ${step.id} on ${build}`);
        for (const measurement of [await step.run(build)].flat()) {
          progress(`${measurement.id} on ${build}: ${measurement.wallSeconds.toFixed(1)} s, CPU ${measurement.cpuSeconds.toFixed(1)} s`);
          runs.push({ round, build, measurement });
        }
      }
    }
  }
  return runs;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const median = (values: readonly number[]): number => percentile(values, 50);
const ttfb = (m: Measurement): string => (m.ttfbMs.length > 1 ? `${fixed(percentile(m.ttfbMs, 50), 0)} / ${fixed(percentile(m.ttfbMs, 95), 0)}` : fixed(m.ttfbMs[0] ?? Number.NaN, 0));

/** Every run, then per scenario the medians of both builds and the ratio of this build to the reference in each round. */
export function comparisonReport(reference: ReferenceBuild, thisBuild: string, runs: readonly ComparedRun[]): string {
  const label = (build: ComparedRun['build']): string => (build === 'this' ? `this (${thisBuild})` : `${reference.revision} (${reference.commit})`);
  const rows = runs.map(({ round, build, measurement: m }) =>
    `| ${m.id} | ${round} | ${label(build)} | ${fixed(m.wallSeconds, 1)} | ${fixed(m.cpuSeconds, 1)} | ${fixed(m.cpuSeconds / m.wallSeconds, 2)} | ${ttfb(m)} | ${fixed(m.peakRssMb, 0)} | ${fixed(m.otherCpuSeconds, 1)} |`);
  const ids = [...new Set(runs.map((run) => run.measurement.id))];
  const summary = ids.map((id) => {
    const of = (build: ComparedRun['build']): Measurement[] => runs.filter((run) => run.measurement.id === id && run.build === build).map((run) => run.measurement);
    const [before, after] = [of('reference'), of('this')];
    const paired = (key: (m: Measurement) => number): string => after.map((m, index) => fixed(key(m) / key(before[index]!), 3)).join(', ');
    const wall = (m: Measurement): number => m.wallSeconds;
    const cpu = (m: Measurement): number => m.cpuSeconds;
    const ttfb95 = (m: Measurement): number => percentile(m.ttfbMs, 95);
    return `| ${id} | ${fixed(median(before.map(wall)), 1)} → ${fixed(median(after.map(wall)), 1)} | ${paired(wall)} | ${fixed(median(before.map(cpu)), 1)} → ${fixed(median(after.map(cpu)), 1)} | ${paired(cpu)} | ${fixed(median(before.map(ttfb95)), 0)} → ${fixed(median(after.map(ttfb95)), 0)} |`;
  });
  return [
    `### shopzip bench: this build (${thisBuild}) against ${reference.revision} (${reference.commit}), ${Math.max(...runs.map((run) => run.round))} rounds in turns`,
    '',
    '| # | round | build | wall s | CPU s | CPU/wall | TTFB p50 / p95 ms | peak RSS MB | other CPU s |',
    '|---|--:|---|--:|--:|--:|--:|--:|--:|',
    ...rows,
    '',
    `| # | wall s, median: ${reference.revision} → this | this / ${reference.revision}, each round | CPU s, median | this / ${reference.revision}, each round | TTFB p95 ms, median |`,
    '|---|--:|--:|--:|--:|--:|',
    ...summary,
    '',
  ].join('\n');
}
