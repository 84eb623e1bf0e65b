import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { busiestProfile, hotFiles, hotSpots, type HotSpot } from './cpu-profile.js';
import type { BenchDatabase } from './databases.js';
import { progress } from './progress.js';
import { fullExport, type Client } from './scenarios.js';
import { startServer, type ServerSpec } from './service.js';

const TOP_FUNCTIONS = 30;
const TOP_FILES = 15;

/**
 * `npm run bench -- --profile`: scenarios 1 and 2 on the given database, each on a server started with
 * `--cpu-prof`; returns Markdown tables of the functions and files with the most self time in the main thread.
 * The `.cpuprofile` files stay in `directory` (open them in Chrome DevTools > Performance, or speedscope).
 */
export async function profileShopzip(spec: (extraFlags: string[]) => Promise<ServerSpec>, database: BenchDatabase, client: Client, directory: string): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const sections: string[] = [];
  for (const [id, formats] of [['1', 'csv,xlsx'], ['2', 'csv']] as const) {
    const profiles = join(directory, `scenario-${id}-${database.orders}`);
    rmSync(profiles, { recursive: true, force: true });
    const server = await startServer(await spec(['--cpu-prof', `--cpu-prof-dir=${profiles}`]));
    progress(`profiling scenario ${id} (${formats}) on ${database.path}`);
    let wallSeconds: number;
    try {
      wallSeconds = (await fullExport(server, database, client, formats, id)).wallSeconds;
    } finally {
      await server.stop();
    }
    const path = busiestProfile(profiles);
    sections.push(
      `### Scenario ${id} (${formats}, ${database.orders.toLocaleString('en')} orders): ${wallSeconds.toFixed(1)} s; ${path}`,
      '',
      table('function', hotSpots(path, TOP_FUNCTIONS)),
      '',
      table('file or package', hotFiles(path, TOP_FILES)),
      '',
    );
  }
  return sections.join('\n');
}

function table(what: string, spots: readonly HotSpot[]): string {
  const rows = spots.map((spot) => `| ${spot.selfPercent.toFixed(1)} | ${spot.selfMs.toFixed(0)} | ${spot.functionName === '' ? spot.location : `\`${spot.functionName}\` ${spot.location}`} |`);
  return [`| self % | self ms | ${what} |`, '|--:|--:|---|', ...rows].join('\n');
}
