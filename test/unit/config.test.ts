import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { ShopzipError } from '../../src/errors.js';
import { repoRoot } from '../helpers/seed-database.js';

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

describe('the README\'s configuration table', () => {
  /** The variables loadConfig reads, seen through an environment that notes every name asked for. */
  function variablesRead(environment: Record<string, string>): Set<string> {
    const read = new Set<string>();
    loadConfig(new Proxy(environment, { get: (target, name) => { if (typeof name === 'string') read.add(name); return target[name as string]; } }));
    return read;
  }

  it('names every variable the service reads, and no SHOPZIP_ variable it does not', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1));
    const listed = new Set(section.split('\n').filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!)));
    const read = new Set([...variablesRead({}), ...variablesRead({ SHOPZIP_SOURCE_URL: 'postgres://shopzip@127.0.0.1:5432/shop' })]);
    expect([...read].filter((name) => !listed.has(name)), 'read but not in the table').to.deep.equal([]);
    const clientOnly = ['SHOPZIP_TOKEN', 'SHOPZIP_URL'];
    expect([...listed].filter((name) => /^(SHOPZIP_|HOST$|PORT$)/.test(name) && !read.has(name) && !clientOnly.includes(name)), 'in the table but not read').to.deep.equal([]);
  });
});
