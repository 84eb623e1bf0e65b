import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../src/client/api-client.js';
import { followJob } from '../../src/client/follow-job.js';
import { describeError } from '../../src/client/problem-words.js';
import { FINISHED_STATES, type Job } from '../../src/client/types.js';

/**
 * Follows an unfinished job's event stream while the component lives, telling `onJob` of each change (the stream
 * reconnects with `Last-Event-ID` when it drops) and `onError` when the server refuses it (the job was deleted
 * meanwhile, say). Returns whether the stream is connected, for the page to say "reconnecting" while it is not.
 */
export function useFollowJob(client: ApiClient, job: Job, onJob: (job: Job) => void, onError: (message: string) => void): boolean {
  const [connected, setConnected] = useState(true);
  const latest = useRef({ onJob, onError });
  latest.current = { onJob, onError };
  const finished = FINISHED_STATES.has(job.state);
  useEffect(() => {
    if (finished) return undefined;
    const stop = new AbortController();
    followJob(client, job.id, (next) => latest.current.onJob(next), { signal: stop.signal, onConnection: setConnected })
      .catch((error: unknown) => {
        if (!stop.signal.aborted) latest.current.onError(describeError(error));
      });
    return () => stop.abort();
  }, [client, job.id, finished]);
  return connected || finished;
}
