import { expect } from 'chai';
import { ApiError, NetworkError } from '../../../src/client/api-client.js';
import { describeError, describeProblem } from '../../../src/client/problem-words.js';
import { formatBytes, formatDuration, progressSummary } from '../../../src/client/progress-text.js';
import type { Job } from '../../../src/client/types.js';

const job = (state: Job['state'], progress: Partial<Job['progress']>): Job => ({
  id: 'job_1', state, request: { shops: ['acme'] }, created_at: '', started_at: null, finished_at: null, expires_at: null,
  progress: { entries_done: 0, entries_total: null, rows_done: 0, rows_total: null, bytes_written: 0, percent: 0, eta_seconds: null, ...progress },
});

describe('the clients\' words for people', () => {
  it('says problem documents in words, naming the shops and the parameter at fault', () => {
    expect(describeProblem({ code: 'unknown_shops', shops: ['nope'] })).to.equal('The shop “nope” cannot be found, or your token may not read it.');
    expect(describeProblem({ code: 'unknown_shops', shops: ['a', 'b', 'c'] })).to.equal('The shops “a”, “b” and “c” cannot be found, or your token may not read them.');
    expect(describeProblem({ code: 'invalid_parameter', parameter: 'to', detail: 'to is not a calendar date: "2026-02-30"' }))
      .to.equal('Please check the end of the range: to is not a calendar date: "2026-02-30".');
    expect(describeProblem({ code: 'too_many_requests', retry_after_seconds: 5 })).to.equal('Too many exports are running right now. Try again in 5 seconds.');
    expect(describeProblem({ code: 'internal', trace_id: 'abc' })).to.match(/tell your administrator \(reference abc\)\.$/);
    expect(describeProblem({ code: 'something_new', title: 'Something new', detail: 'it happened' })).to.equal('Something new: it happened.');
  });

  it('says errors of any kind: the server\'s refusal, no connection, the unexpected', () => {
    expect(describeError(new ApiError(401, { code: 'unauthorized' }))).to.match(/^The API token was not accepted\./);
    expect(describeError(new NetworkError('http://127.0.0.1:9/v1/shops'))).to.equal('Cannot reach shopzip at http://127.0.0.1:9. Check your connection and try again.');
    expect(describeError(new Error('boom'))).to.equal('Something unexpected went wrong: boom');
  });

  it('writes sizes, times and a job\'s progress the way people read them', () => {
    expect([0, 999, 1000, 1_450_000, 12_345_678_901].map(formatBytes)).to.deep.equal(['0 B', '999 B', '1.0 kB', '1.4 MB', '12 GB']);
    expect([0.2, 42, 125, 7200].map(formatDuration)).to.deep.equal(['about 1 s', 'about 42 s', 'about 2 min', 'about 2.0 h']);
    expect(progressSummary(job('running', { percent: 45.7, rows_done: 12_345, rows_total: 30_000, bytes_written: 1_400_000, eta_seconds: 5 }), 'en-US'))
      .to.equal('45% · 12,345 of 30,000 rows · 1.4 MB · about 5 s left');
    expect(progressSummary(job('queued', {}), 'en-US')).to.equal('0% · 0 rows · 0 B');
  });
});
