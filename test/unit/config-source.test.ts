import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { ShopzipError } from '../../src/errors.js';

const URL_WITH_PASSWORD = 'postgres://shopzip:s3cret-pw@db.example:5432/shop?sslmode=require';

function failureOf(environment: Record<string, string>): ShopzipError {
  try {
    loadConfig(environment);
  } catch (error) {
    return error as ShopzipError;
  }
  throw new Error('loadConfig did not fail');
}

describe('configuration of the orders source', () => {
  it('reads SQLite at SHOPZIP_SOURCE_DB unless SHOPZIP_SOURCE_URL is set', () => {
    expect(loadConfig({}).source).to.deep.equal({ engine: 'sqlite', path: './data/source.db' });
    expect(loadConfig({ SHOPZIP_SOURCE_DB: '/data/orders.db' }).source).to.deep.equal({ engine: 'sqlite', path: '/data/orders.db' });
  });

  it('reads PostgreSQL with the defaults of the pool, the connect timeout and the statement timeout', () => {
    expect(loadConfig({ SHOPZIP_SOURCE_URL: URL_WITH_PASSWORD }).source).to.deep.equal({
      engine: 'postgres', url: URL_WITH_PASSWORD, poolMax: 10, connectTimeoutMs: 5000, statementTimeoutMs: 0,
    });
    expect(loadConfig({ SHOPZIP_SOURCE_URL: URL_WITH_PASSWORD, SHOPZIP_SOURCE_POOL_MAX: '3', SHOPZIP_SOURCE_CONNECT_TIMEOUT_MS: '800', SHOPZIP_SOURCE_STATEMENT_TIMEOUT_MS: '60000' }).source)
      .to.include({ poolMax: 3, connectTimeoutMs: 800, statementTimeoutMs: 60_000 });
  });

  it('refuses both sources at once, naming both variables', () => {
    const error = failureOf({ SHOPZIP_SOURCE_URL: URL_WITH_PASSWORD, SHOPZIP_SOURCE_DB: './data/source.db' });
    expect(error.message).to.equal('SHOPZIP_SOURCE_URL and SHOPZIP_SOURCE_DB are both set: set one of them');
  });

  it('refuses a URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    for (const url of ['mysql://shopzip:s3cret-pw@db/shop', 'postgres://shopzip:s3cret-pw@db:port/shop']) {
      const error = failureOf({ SHOPZIP_SOURCE_URL: url });
      expect(error.details).to.deep.equal({ parameter: 'SHOPZIP_SOURCE_URL' });
      expect(JSON.stringify({ message: error.message, details: error.details, cause: error.cause })).not.to.include('s3cret-pw');
    }
    expect(failureOf({ SHOPZIP_SOURCE_URL: URL_WITH_PASSWORD, SHOPZIP_SOURCE_POOL_MAX: '0' }).details).to.deep.equal({ parameter: 'SHOPZIP_SOURCE_POOL_MAX' });
  });
});
