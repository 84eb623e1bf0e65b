import { expect } from 'chai';
import { availableParallelism } from 'node:os';
import { loadConfig } from '../../src/config.js';
import { ShopzipError } from '../../src/errors.js';

describe('loadConfig: export jobs', () => {
  it('has defaults for every job setting', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      artifactDirectory: './data/artifacts', maxQueuedJobsPerToken: 10, jobTtlHours: 24, signingKey: null, downloadUrlTtlSeconds: 900, publicUrl: null,
      maxRunningJobs: Math.max(1, availableParallelism() - 1),
    });
    expect(loadConfig({ SHOPZIP_EXPORT_WORKERS: '3' }).maxRunningJobs).to.equal(3);
    expect(loadConfig({ SHOPZIP_EXPORT_WORKERS: '0' }).maxRunningJobs).to.equal(1);
  });

  it('names the variable of a bad value, and never echoes a signing key', () => {
    const cases: [string, string][] = [
      ['SHOPZIP_MAX_RUNNING_JOBS', '0'], ['SHOPZIP_MAX_QUEUED_JOBS_PER_TOKEN', 'ten'], ['SHOPZIP_JOB_TTL_HOURS', '0'],
      ['SHOPZIP_DOWNLOAD_URL_TTL_SECONDS', '-5'], ['SHOPZIP_PUBLIC_URL', 'exports.example.com'], ['SHOPZIP_PUBLIC_URL', 'https://x.example/?a=1'],
      ['SHOPZIP_SIGNING_KEY', 'too-short-secret'],
    ];
    for (const [name, value] of cases) {
      let thrown: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, name).to.be.instanceOf(ShopzipError);
      expect((thrown as ShopzipError).details.parameter).to.equal(name);
      expect((thrown as ShopzipError).message).to.match(new RegExp(`^${name} `));
      if (name === 'SHOPZIP_SIGNING_KEY') expect((thrown as ShopzipError).message).not.to.contain(value);
    }
  });

  it('takes a public base URL without its trailing slash', () => {
    expect(loadConfig({ SHOPZIP_PUBLIC_URL: 'https://exports.example.com/shopzip/' }).publicUrl).to.equal('https://exports.example.com/shopzip');
  });
});
