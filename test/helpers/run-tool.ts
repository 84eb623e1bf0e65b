import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  /** A file written to the tool's standard input through a pipe (so the tool cannot seek in it). */
  readonly input?: string;
  /** Takes standard output instead of collecting it. */
  readonly onStdout?: (chunk: Buffer) => void;
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Runs a command-line tool to its end.
 * @throws Error with the tool's last stderr output when it exits other than with 0.
 */
export async function runTool(command: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.environment } });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (options.onStdout === undefined ? stdout.push(chunk) : options.onStdout(chunk)));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  // A tool that fails early stops reading: the pipe then breaks, and the exit code says why.
  if (options.input === undefined) child.stdin.end();
  else pipeline(createReadStream(options.input), child.stdin).catch(() => undefined);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`${command} ${args.join(' ').slice(0, 200)} exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
  return { stdout: Buffer.concat(stdout).toString('utf8'), stderr };
}

/** The SHA-256 and size of each part of a byte stream cut at the given sizes. */
export class Segments {
  readonly #sizes: readonly number[];
  readonly #done: { size: number; sha256: string }[] = [];
  #hash: Hash = createHash('sha256');
  #left: number;
  #extra = 0;

  constructor(sizes: readonly number[]) {
    this.#sizes = sizes;
    this.#left = sizes[0] ?? 0;
    this.#close();
  }

  readonly write = (chunk: Buffer): void => {
    for (let at = 0; at < chunk.length; ) {
      if (this.#done.length === this.#sizes.length) {
        this.#extra += chunk.length - at;
        return;
      }
      const taken = Math.min(this.#left, chunk.length - at);
      this.#hash.update(chunk.subarray(at, at + taken));
      at += taken;
      this.#left -= taken;
      this.#close();
    }
  };

  /**
   * The parts, once every byte was written.
   * @throws Error when the stream was shorter or longer than the sizes add up to.
   */
  end(): { size: number; sha256: string }[] {
    if (this.#done.length !== this.#sizes.length || this.#extra > 0) {
      throw new Error(`the output does not add up to ${this.#sizes.length} entries of the expected sizes (${this.#done.length} complete, ${this.#extra} bytes more)`);
    }
    return this.#done;
  }

  /** Closes every part that is complete (empty ones included). */
  #close(): void {
    while (this.#left === 0 && this.#done.length < this.#sizes.length) {
      this.#done.push({ size: this.#sizes[this.#done.length]!, sha256: this.#hash.digest('hex') });
      this.#hash = createHash('sha256');
      this.#left = this.#sizes[this.#done.length] ?? 0;
    }
  }
}
