import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../../src/client/api-client.js';
import { describeError, describeProblem } from '../../src/client/problem-words.js';
import type { ExportRequestBody, Job, Shop } from '../../src/client/types.js';
import { useAnnouncer } from './announcer.js';
import { ExportForm } from './export-form.js';
import { JobsPanel } from './jobs-panel.js';
import { DownloadFrame, downloadNow } from './sync-download.js';
import { TokenPanel } from './token-panel.js';
import { loadToken, saveToken } from './token-storage.js';

/** The page: the token, the export form, and this token's recent exports with their progress. */
export function App() {
  const [token, setToken] = useState(loadToken);
  const client = useMemo(() => (token === '' ? null : new ApiClient(location.origin, token)), [token]);
  const [shops, setShops] = useState<readonly Shop[] | null>(null);
  const [jobs, setJobs] = useState<readonly Job[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { region, announce } = useAnnouncer();

  useEffect(() => {
    setShops(null);
    setJobs(null);
    setError(null);
    if (client === null) return;
    const failed = (failure: unknown): void => setError(describeError(failure));
    client.shops().then(setShops, failed);
    client.jobs({ limit: 20 }).then((page) => setJobs(page.jobs), failed);
  }, [client]);

  const showJob = (job: Job): void => setJobs((list) => [job, ...(list ?? []).filter((other) => other.id !== job.id)]);
  const updateJob = (job: Job): void => setJobs((list) => (list ?? []).map((other) => (other.id === job.id ? job : other)));
  const forgetJob = (id: string): void => setJobs((list) => (list ?? []).filter((other) => other.id !== id));

  const useToken = (next: string): void => {
    saveToken(next);
    setToken(next);
    announce(next === '' ? 'The token was forgotten.' : 'Token accepted for this tab.');
  };
  const startDownload = (request: ExportRequestBody): void => {
    setError(null);
    downloadNow(token, request);
    announce('Download requested. Your browser shows its progress in its downloads.');
  };
  const start = async (request: ExportRequestBody): Promise<void> => {
    if (client === null) return;
    setError(null);
    setStarting(true);
    try {
      const job = await client.createJob(request);
      showJob(job);
      requestAnimationFrame(() => document.getElementById(`job-${job.id}`)?.scrollIntoView({ block: 'nearest' }));
      announce(`Export of ${request.shops.length} ${request.shops.length === 1 ? 'shop' : 'shops'} started.`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <header class="top">
        <h1>shopzip</h1>
        <p>Order exports: one ZIP with a CSV and an Excel file per shop.</p>
      </header>
      <main>
        <TokenPanel token={token} onToken={useToken} />
        {error === null ? null : <p class="error panel" role="alert">{error}</p>}
        {client !== null && shops === null && error === null ? <p class="hint panel">Loading your shops…</p> : null}
        {shops === null ? null : <ExportForm shops={shops} onStart={start} onDownloadNow={startDownload} busy={starting} />}
        {client === null ? null : (
          <JobsPanel client={client} jobs={jobs} onJob={updateJob} onDeleted={forgetJob} onError={setError} announce={announce} />
        )}
      </main>
      <DownloadFrame onProblem={(problem) => setError(describeProblem(problem))} />
      {region}
    </>
  );
}
