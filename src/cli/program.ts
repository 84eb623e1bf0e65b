import { Command, CommanderError } from 'commander';
import type { ExportRequestBody } from '../client/types.js';
import { clientOf, urlOption } from './client-of.js';
import { EXIT, exitOf, type ExitCode } from './exit-codes.js';
import { jobExport } from './job-export.js';
import { jobsCommand } from './jobs-command.js';
import type { ProgressStream } from './progress.js';
import { syncExport } from './sync-export.js';

/** What a command reads and writes: the process's, or a test's. */
export interface CliIo {
  readonly stdout: { write(text: string): boolean };
  readonly stderr: ProgressStream;
  readonly environment: Readonly<Record<string, string | undefined>>;
}

interface ExportOptions {
  readonly url: string;
  readonly shops: string[];
  readonly from?: string;
  readonly to?: string;
  readonly status?: string[];
  readonly formats?: string[];
  readonly bom: boolean;
  readonly output?: string;
  readonly sync?: boolean;
  readonly detach?: boolean;
}

const list = (value: string): string[] => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

/**
 * Runs the command line with these arguments (without `node` and the script).
 * @returns the exit code: 0 done, 1 failed job, 2 usage, 3 network (see {@link EXIT}).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = new Command('shopzip')
    .description('Order exports from a shopzip service: start them, follow their progress, download them.\nThe API token is read from SHOPZIP_TOKEN.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run shopzip --help for the commands and their options)');
  program.command('export')
    .description('export orders as one ZIP: by default as a job with a progress bar and a resumable download')
    .addOption(urlOption(io.environment))
    .requiredOption('--shops <slugs>', 'comma-separated shop slugs', list)
    .option('--from <date>', 'first day (YYYY-MM-DD, in each shop\'s time zone) or exact instant (RFC 3339)')
    .option('--to <date>', 'last day, or exact instant; both ends are included')
    .option('--status <statuses>', 'only these order statuses, comma-separated', list)
    .option('--formats <formats>', 'csv, xlsx or both (default)', list)
    .option('--no-bom', 'CSV files without the UTF-8 byte-order mark')
    .option('-o, --output <file>', 'where to write the ZIP (default: the name the service suggests, in this folder)')
    .option('--sync', 'stream the synchronous export instead of a job (no progress percentage, no resume)')
    .option('--detach', 'start the job, print its id and return; download it later with shopzip jobs download')
    .action(async (options: ExportOptions) => {
      const client = clientOf(options.url, io.environment);
      const request = requestOf(options);
      const path = options.sync === true
        ? await syncExport(client, request, options.output, io.stderr)
        : await jobExport(client, request, { output: options.output, detach: options.detach === true }, io);
      io.stdout.write(`${path}\n`);
    });
  program.addCommand(jobsCommand(io));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.done;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.done : EXIT.usage;
    const { message, code } = exitOf(error);
    io.stderr.write(`shopzip: ${message}\n`);
    return code;
  }
}

function requestOf(options: ExportOptions): ExportRequestBody {
  return {
    shops: options.shops,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.formats === undefined ? {} : { formats: options.formats }),
    bom: options.bom,
  };
}
