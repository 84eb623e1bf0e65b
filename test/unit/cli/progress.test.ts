import { expect } from 'chai';
import type { Job } from '../../../src/client/types.js';
import { fileNameOf } from '../../../src/cli/file-name.js';
import { byteProgressView, jobProgressView } from '../../../src/cli/progress.js';

/** A stream that keeps what is written; a terminal when `isTTY`. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 100, write: (text: string) => { written.push(text); return true; }, cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
}

const job = (state: Job['state'], percent: number, rows = 0): Job => ({
  id: 'job_1', state, request: {}, created_at: '', started_at: null, finished_at: null, expires_at: null,
  progress: { entries_done: 0, entries_total: 3, rows_done: rows, rows_total: 1000, bytes_written: 0, percent, eta_seconds: state === 'running' ? 3 : null },
});

describe('the command\'s progress views and file names', () => {
  it('draws a bar with percent, state, rows and time left on a terminal', () => {
    const out = stream(true);
    const view = jobProgressView(out);
    view.show(job('running', 40, 400));
    view.stop();
    const screen = out.written.join('');
    expect(screen).to.match(/█+░+ 40% \| running \| 400 of 1,000 rows \| about 3 s left/);
  });

  it('writes plain lines on a pipe: on every change of state, else at most once per interval', () => {
    const out = stream(false);
    const view = jobProgressView(out, 60_000);
    for (const next of [job('queued', 0), job('running', 10, 100), job('running', 20, 200), job('succeeded', 100, 1000)]) view.show(next);
    expect(out.written).to.deep.equal([
      'job job_1: queued · 0% · 0 of 1,000 rows · 0 B\n',
      'job job_1: running · 10% · 100 of 1,000 rows · 0 B · about 3 s left\n',
      'job job_1: succeeded · 100% · 1,000 of 1,000 rows · 0 B\n',
    ]);
    const bytes = stream(false);
    const download = byteProgressView(bytes, 'downloaded', 2000, 60_000);
    for (const done of [0, 500, 1000]) download.show(done);
    download.stop();
    expect(bytes.written).to.deep.equal(['downloaded: 0 B of 2.0 kB (0%)\n', 'downloaded: 1.0 kB of 2.0 kB (50%)\n']);
  });

  it('takes the file name a Content-Disposition suggests, and never a path', () => {
    expect(fileNameOf(`attachment; filename="orders_a.zip"; filename*=UTF-8''orders_%C3%A9.zip`, 'x.zip')).to.equal('orders_é.zip');
    expect(fileNameOf('attachment; filename="plain.zip"', 'x.zip')).to.equal('plain.zip');
    expect(fileNameOf('attachment; filename=bare.zip', 'x.zip')).to.equal('bare.zip');
    expect(fileNameOf(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, 'x.zip')).to.equal('passwd');
    expect(fileNameOf('attachment; filename="..\\\\evil.zip"', 'x.zip')).to.equal('evil.zip');
    expect(fileNameOf('attachment; filename=".."', 'x.zip')).to.equal('x.zip');
    expect(fileNameOf(null, 'x.zip')).to.equal('x.zip');
  });
});
