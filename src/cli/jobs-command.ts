import { Command } from 'commander';
import { progressSummary } from '../client/progress-text.js';
import { FINISHED_STATES, type Job } from '../client/types.js';
import { clientOf, urlOption } from './client-of.js';
import { CliError, EXIT } from './exit-codes.js';
import { failureOf, finishJob } from './job-export.js';
import type { CliIo } from './program.js';

/** `shopzip jobs list|show|cancel|delete|download`. */
export function jobsCommand(io: CliIo): Command {
  const jobs = new Command('jobs').description('list, show, cancel, delete and download this token\'s export jobs');
  const client = (options: { url: string }) => clientOf(options.url, io.environment);
  const print = (text: string): void => { io.stdout.write(`${text}\n`); };
  jobs.command('list')
    .description('this token\'s jobs, newest first')
    .addOption(urlOption(io.environment))
    .option('--state <state>', 'only jobs in this state')
    .option('--limit <n>', 'at most this many', (value) => Number(value))
    .option('--json', 'print the API\'s JSON')
    .action(async (options: { url: string; state?: string; limit?: number; json?: boolean }) => {
      const page = await client(options).jobs({ ...(options.state === undefined ? {} : { state: options.state }), ...(options.limit === undefined ? {} : { limit: options.limit }) });
      if (options.json === true) print(JSON.stringify(page, null, 2));
      else for (const job of page.jobs) print([job.id, job.state.padEnd(9), job.created_at, shopsOf(job), progressSummary(job)].join('  '));
    });
  jobs.command('show <id>')
    .description('one job: its state, progress, file and error')
    .addOption(urlOption(io.environment))
    .option('--json', 'print the API\'s JSON')
    .action(async (id: string, options: { url: string; json?: boolean }) => {
      const job = await client(options).job(id);
      print(options.json === true ? JSON.stringify(job, null, 2) : describeJob(job));
    });
  jobs.command('cancel <id>')
    .description('cancel a queued or running job')
    .addOption(urlOption(io.environment))
    .action(async (id: string, options: { url: string }) => {
      const api = client(options);
      const job = await api.job(id);
      if (FINISHED_STATES.has(job.state)) throw new CliError(`job ${id} has already finished (${job.state}); shopzip jobs delete ${id} removes it`, EXIT.failed);
      const cancelled = await api.deleteJob(id);
      print(`job ${id} ${cancelled === null ? 'had finished meanwhile and was deleted' : `is ${cancelled.state}`}`);
    });
  jobs.command('delete <id>')
    .description('delete a job and its file (a running job is cancelled)')
    .addOption(urlOption(io.environment))
    .action(async (id: string, options: { url: string }) => {
      const job = await client(options).deleteJob(id);
      print(`job ${id} ${job === null ? 'deleted' : `is ${job.state}`}`);
    });
  jobs.command('download <id>')
    .description('wait for a job with a progress bar, then download its ZIP (resumes a broken download)')
    .addOption(urlOption(io.environment))
    .option('-o, --output <file>', 'where to write the ZIP (default: the name the service suggests)')
    .action(async (id: string, options: { url: string; output?: string }) => {
      const api = client(options);
      print(await finishJob(api, await api.job(id), options.output, io.stderr));
    });
  return jobs;
}

function shopsOf(job: Job): string {
  const shops = job.request.shops ?? [];
  return shops.length <= 3 ? shops.join(',') : `${shops.slice(0, 3).join(',')},… (${shops.length} shops)`;
}

function describeJob(job: Job): string {
  const lines: [string, string][] = [
    ['id', job.id],
    ['state', job.state],
    ['shops', shopsOf(job)],
    ['range', `${String(job.request['from'] ?? '…')} to ${String(job.request['to'] ?? '…')}`],
    ['created', job.created_at],
    ['progress', progressSummary(job)],
  ];
  if (job.finished_at !== null) lines.push(['finished', job.finished_at]);
  if (job.artifact !== undefined && job.artifact !== null) lines.push(['file', `${job.artifact.bytes} bytes, sha256 ${job.artifact.sha256}`]);
  if (job.expires_at !== null) lines.push(['expires', job.expires_at]);
  if (job.state !== 'succeeded' && FINISHED_STATES.has(job.state)) lines.push(['why', failureOf(job)]);
  return lines.map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`).join('\n');
}
