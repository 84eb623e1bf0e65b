import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One function's share of a V8 CPU profile. */
export interface HotSpot {
  readonly functionName: string;
  /** `file:line`, shortened to the part after `node_modules/` or the repository. */
  readonly location: string;
  readonly selfMs: number;
  readonly selfPercent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const PSEUDO_FRAMES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The functions with the most self time in a `.cpuprofile` (as written by `node --cpu-prof`), summed over every
 * call site; `(idle)`, `(program)` and `(garbage collector)` are kept, they say where the rest went.
 */
export function hotSpots(profilePath: string, top: number): HotSpot[] {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentById = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node] as const)));
  const selfUs = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = nodeById.get(id);
    if (node === undefined) return;
    const key = `${describeFrame(node, parentById.get(id))}\u0000${locate(node)}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const totalUs = profile.endTime - profile.startTime;
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [functionName = '', location = ''] = key.split('\u0000');
      return { functionName, location, selfMs: us / 1000, selfPercent: (100 * us) / totalUs };
    });
}

/** A frame's name; a native function (no script) is named with its JavaScript caller, which says what it is. */
function describeFrame(node: ProfileNode, parent: ProfileNode | undefined): string {
  const name = node.callFrame.functionName || '(anonymous)';
  if (node.callFrame.url !== '' || PSEUDO_FRAMES.has(name) || parent === undefined) return name;
  return `${name} <- ${parent.callFrame.functionName || '(anonymous)'} ${locate(parent)}`;
}

function locate(node: ProfileNode): string {
  return `${shorten(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
}

function shorten(url: string): string {
  if (url === '') return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const repository = url.search(/\/(dist|src|bench)\//);
  return repository >= 0 ? url.slice(repository + 1) : url.replace(/^file:\/\//, '');
}

/**
 * The profile in `directory` with the most non-idle time: `--cpu-prof` writes one file per thread, and the main
 * thread is not the only one (module loader hooks run in a worker).
 * @throws Error when the directory holds no `.cpuprofile`.
 */
export function busiestProfile(directory: string): string {
  const busy = (path: string): number => hotSpots(path, Number.MAX_SAFE_INTEGER)
    .filter((spot) => spot.functionName !== '(idle)')
    .reduce((sum, spot) => sum + spot.selfMs, 0);
  const paths = readdirSync(directory).filter((name) => name.endsWith('.cpuprofile')).map((name) => join(directory, name));
  const ranked = paths.map((path) => ({ path, busyMs: busy(path) })).sort((a, b) => b.busyMs - a.busyMs);
  if (ranked[0] === undefined) throw new Error(`no .cpuprofile in ${directory}`);
  return ranked[0].path;
}

/** Self time summed by file (or package; native functions count for their caller's), from {@link hotSpots}. */
export function hotFiles(profilePath: string, top: number): HotSpot[] {
  const byFile = new Map<string, HotSpot>();
  for (const spot of hotSpots(profilePath, Number.MAX_SAFE_INTEGER)) {
    const caller = / <- .* (\S+)$/.exec(spot.functionName)?.[1];
    const file = PSEUDO_FRAMES.has(spot.functionName) ? spot.functionName : packageOrFile(caller ?? spot.location);
    const sum = byFile.get(file);
    byFile.set(file, {
      functionName: '',
      location: file,
      selfMs: (sum?.selfMs ?? 0) + spot.selfMs,
      selfPercent: (sum?.selfPercent ?? 0) + spot.selfPercent,
    });
  }
  return [...byFile.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
}

/** `dist/src/writers/csv.js:12` -> `dist/src/writers/csv.js`; `archiver/lib/core.js:9` -> `archiver` (a package). */
function packageOrFile(location: string): string {
  const file = location.replace(/:\d+$/, '');
  if (/^(dist|src|bench)\//.test(file) || file.startsWith('node:') || file.startsWith('(')) return file;
  const parts = file.split('/');
  return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? file);
}
