import { useEffect, useRef } from 'preact/hooks';
import type { ApiClient } from '../../src/client/api-client.js';
import { describeError, describeProblem } from '../../src/client/problem-words.js';
import { formatBytes, progressSummary } from '../../src/client/progress-text.js';
import { FINISHED_STATES, type Job } from '../../src/client/types.js';
import { useFollowJob } from './use-follow-job.js';

export interface JobItemProps {
  readonly client: ApiClient;
  readonly job: Job;
  readonly onJob: (job: Job) => void;
  readonly onDeleted: (id: string) => void;
  readonly onError: (message: string) => void;
  readonly announce: (message: string) => void;
}

const STATE_WORDS: Readonly<Record<Job['state'], string>> = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Ready to download',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** A signed link this close to its expiry is renewed (by reading the job again) before it is followed. */
const LINK_MARGIN_MS = 60_000;

/** One export job: what it exports, its live progress, and cancel, delete or download. */
export function JobItem({ client, job, onJob, onDeleted, onError, announce }: JobItemProps) {
  const connected = useFollowJob(client, job, onJob, onError);
  useAnnouncements(job, announce);
  const titleId = `job-${job.id}`;
  const finished = FINISHED_STATES.has(job.state);
  const summary = progressSummary(job);
  const act = async (action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      onError(describeError(error));
    }
  };
  const remove = () => act(async () => {
    const cancelled = await client.deleteJob(job.id);
    if (cancelled === null) onDeleted(job.id);
    else onJob(cancelled);
  });
  const download = (event: MouseEvent) => {
    const expires = Date.parse(job.artifact?.download_url_expires_at ?? '');
    if (!(expires - Date.now() < LINK_MARGIN_MS)) return; // the browser follows the link itself
    event.preventDefault();
    void act(async () => {
      const fresh = await client.job(job.id);
      onJob(fresh);
      if (fresh.artifact !== null && fresh.artifact !== undefined) location.assign(fresh.artifact.download_url);
    });
  };
  return (
    <li class="job" aria-labelledby={titleId}>
      <div class="job-head">
        <h3 id={titleId}>{titleOf(job)}</h3>
        <span class={`state state-${job.state}`}>{STATE_WORDS[job.state]}{connected ? '' : ' (reconnecting…)'}</span>
      </div>
      {finished && job.state !== 'succeeded' ? null : (
        <progress max={100} {...(job.state === 'queued' ? {} : { value: job.progress.percent ?? 0 })} aria-labelledby={titleId} aria-valuetext={summary} />
      )}
      <p class="hint">{summary} · started {new Date(job.created_at).toLocaleString()}</p>
      {job.state === 'failed' && job.error !== null && job.error !== undefined ? <p class="error">{describeProblem(job.error)}</p> : null}
      <div class="actions">
        {job.state === 'succeeded' && job.artifact !== null && job.artifact !== undefined ? (
          <a class="button primary" href={job.artifact.download_url} download onClick={download}>
            Download ZIP ({formatBytes(job.artifact.bytes)})
          </a>
        ) : null}
        {finished
          ? <button type="button" class="danger" onClick={() => void remove()}>Delete</button>
          : <button type="button" class="danger" onClick={() => void remove()}>Cancel</button>}
      </div>
    </li>
  );
}

/** Tells the live region of state changes and of every quarter of the way, not of every progress event. */
function useAnnouncements(job: Job, announce: (message: string) => void): void {
  const said = useRef({ state: job.state, quarter: Math.floor((job.progress.percent ?? 0) / 25) });
  useEffect(() => {
    const quarter = Math.floor((job.progress.percent ?? 0) / 25);
    if (job.state !== said.current.state) {
      announce(`${titleOf(job)}: ${STATE_WORDS[job.state]}.${job.state === 'failed' && job.error ? ` ${describeProblem(job.error)}` : ''}`);
    } else if (job.state === 'running' && quarter > said.current.quarter && quarter < 4) {
      announce(`${titleOf(job)}: ${quarter * 25}% done.`);
    }
    said.current = { state: job.state, quarter };
  }, [job.state, job.progress.percent]);
}

function titleOf(job: Job): string {
  const shops = job.request.shops ?? [];
  const named = shops.length <= 3 ? shops.join(', ') : `${shops.slice(0, 2).join(', ')} and ${shops.length - 2} more shops`;
  const from = job.request['from'];
  const to = job.request['to'];
  const range = from === null && to === null ? 'all dates' : `${typeof from === 'string' ? from : '…'} to ${typeof to === 'string' ? to : '…'}`;
  return `${named} · ${range}`;
}
