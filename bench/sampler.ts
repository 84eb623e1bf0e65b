import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a process cost while it was sampled. */
export interface ProcessUsage {
  /** Largest resident set seen, MB (10^6 bytes): the kernel's VmHWM (over the process's life) or the sampled VmRSS. */
  readonly peakRssMb: number;
  /** Resident set when sampling started. */
  readonly startRssMb: number;
  /** Median of the VmRSS samples: steadier than the peak, which moves with V8's garbage collection timing. */
  readonly medianRssMb: number;
  /** User plus system CPU seconds spent between start and stop, all threads. */
  readonly cpuSeconds: number;
}

const SAMPLE_EVERY_MS = 50;
const CLOCK_TICKS = readClockTicks();

/**
 * Samples one process from /proc: VmRSS every 50 ms (its max), VmHWM at the end, and utime + stime before and
 * after. The process should be started fresh for what is measured, so that VmHWM covers only it (plus start-up).
 */
export class ProcessSampler {
  readonly #pid: number;
  readonly #startCpu: number;
  readonly #startRss: number;
  #peakRss: number;
  readonly #samples: number[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number) {
    this.#pid = pid;
    this.#startCpu = cpuTicks(pid);
    this.#startRss = memoryKb(pid, 'VmRSS');
    this.#peakRss = this.#startRss;
    this.#timer = setInterval(() => this.#sample(), SAMPLE_EVERY_MS);
    this.#timer.unref();
  }

  /** Stops sampling; call while the process still runs. */
  stop(): ProcessUsage {
    clearInterval(this.#timer);
    this.#sample();
    const peak = Math.max(this.#peakRss, memoryKb(this.#pid, 'VmHWM'));
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? this.#startRss;
    return {
      medianRssMb: (median * 1024) / 1e6,
      peakRssMb: (peak * 1024) / 1e6,
      startRssMb: (this.#startRss * 1024) / 1e6,
      cpuSeconds: (cpuTicks(this.#pid) - this.#startCpu) / CLOCK_TICKS,
    };
  }

  #sample(): void {
    try {
      const rss = memoryKb(this.#pid, 'VmRSS');
      this.#samples.push(rss);
      this.#peakRss = Math.max(this.#peakRss, rss);
    } catch {
      // The process exited between two samples; stop() reports what was seen.
    }
  }
}

/** CPU seconds all processes of the machine have spent so far (all cores; from the first line of /proc/stat). */
export function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait (guest time is inside user).
  const busy = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / CLOCK_TICKS;
}

/** The process's resident set now, MB. */
export function residentMb(pid: number): number {
  return (memoryKb(pid, 'VmRSS') * 1024) / 1e6;
}

/** A `kB` field of /proc/<pid>/status. */
function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, counted after the parenthesized command name). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
