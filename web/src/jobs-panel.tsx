import type { ApiClient } from '../../src/client/api-client.js';
import type { Job } from '../../src/client/types.js';
import { JobItem } from './job-item.js';

export interface JobsPanelProps {
  readonly client: ApiClient;
  readonly jobs: readonly Job[] | null;
  readonly onJob: (job: Job) => void;
  readonly onDeleted: (id: string) => void;
  readonly onError: (message: string) => void;
  readonly announce: (message: string) => void;
}

/** This token's recent export jobs, newest first, each with its live progress. */
export function JobsPanel({ jobs, ...item }: JobsPanelProps) {
  return (
    <section class="panel jobs-panel" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Your exports</h2>
      {jobs === null ? <p class="hint">Loading your exports…</p> : null}
      {jobs !== null && jobs.length === 0 ? <p class="hint">No exports yet. Start one above.</p> : null}
      <ul class="jobs">
        {(jobs ?? []).map((job) => <JobItem key={job.id} job={job} {...item} />)}
      </ul>
    </section>
  );
}
