import { expect } from 'chai';
import { DownloadLinks } from '../../../src/jobs/download-links.js';

describe('DownloadLinks', () => {
  const links = new DownloadLinks(Buffer.alloc(32, 7), 900);
  const partsOf = (query: string): [string, string] => {
    const parameters = new URLSearchParams(query);
    return [parameters.get('expires')!, parameters.get('signature')!];
  };

  it('signs a job id with an expiry TTL seconds ahead, which checks valid until then and expired after', () => {
    const now = Date.UTC(2026, 0, 1);
    const link = links.sign('job_a', now);
    expect(link.expiresAt.getTime()).to.equal(now + 900_000);
    const [expires, signature] = partsOf(link.query);
    expect(links.check('job_a', expires, signature, now + 899_000)).to.equal('valid');
    expect(links.check('job_a', expires, signature, now + 900_000)).to.equal('expired');
  });

  it('refuses a signature for another job, another expiry, another key, or one malformed', () => {
    const now = Date.UTC(2026, 0, 1);
    const [expires, signature] = partsOf(links.sign('job_a', now).query);
    expect(links.check('job_b', expires, signature, now)).to.equal('invalid');
    expect(links.check('job_a', String(Number(expires) + 1), signature, now)).to.equal('invalid');
    expect(new DownloadLinks(Buffer.alloc(32, 8), 900).check('job_a', expires, signature, now)).to.equal('invalid');
    for (const bad of ['', 'x', `${signature}A`, signature.slice(1)]) expect(links.check('job_a', expires, bad, now), bad).to.equal('invalid');
    expect(links.check('job_a', '-1', signature, now)).to.equal('invalid');
  });
});
