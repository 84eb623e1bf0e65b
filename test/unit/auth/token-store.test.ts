import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readableShops, TokenStore } from '../../../src/auth/token-store.js';

describe('token store', () => {
  let directory: string;
  let store: TokenStore;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shopzip-tokens-'));
    store = new TokenStore(join(directory, 'state.db'));
  });
  afterEach(async () => {
    store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('verifies a created token and knows its scope', () => {
    const { token } = store.create('finance', { allShops: false, shops: ['globex', 'acme', 'acme'] });
    const principal = store.verify(token);
    expect(principal?.name).to.equal('finance');
    expect(principal?.scope).to.deep.equal({ allShops: false, shops: ['acme', 'globex'] });
    expect(readableShops(principal!)).to.deep.equal(['acme', 'globex']);
  });

  it('stores only a hash: the secret appears nowhere in the state database', () => {
    const { token } = store.create('ops', { allShops: true });
    const secret = token.split('_').slice(2).join('_');
    store.close();
    const raw = new Database(join(directory, 'state.db'), { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM tokens').all(), (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64url') : value));
    raw.close();
    store = new TokenStore(join(directory, 'state.db'));
    expect(dump).to.contain('ops');
    expect(dump).not.to.contain(secret);
    expect(store.verify(token)?.name).to.equal('ops');
  });

  it('lists tokens without their secrets', () => {
    const { token } = store.create('a', { allShops: true });
    const listed = JSON.stringify(store.list());
    expect(listed).to.contain('"name":"a"');
    expect(listed).not.to.contain(token.slice(-20));
  });

  it('refuses wrong, malformed and revoked tokens', () => {
    const { token, record } = store.create('temp', { allShops: true });
    const wrongSecret = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(store.verify(wrongSecret)).to.equal(null);
    expect(store.verify('szt_000000000000_' + 'A'.repeat(43))).to.equal(null);
    expect(store.verify('not a token')).to.equal(null);
    expect(store.verify('')).to.equal(null);
    expect(store.revoke(record.name)).to.equal(true);
    expect(store.verify(token)).to.equal(null);
    expect(store.revoke(record.name)).to.equal(false);
    expect(store.list()[0]?.revokedAt).to.be.a('string');
  });

  it('refuses duplicate names, bad names and empty scopes', () => {
    store.create('dup', { allShops: true });
    expect(() => store.create('dup', { allShops: true })).to.throw(/exists already/);
    expect(() => store.create('has space', { allShops: true })).to.throw(/token name/);
    expect(() => store.create('none', { allShops: false, shops: [] })).to.throw(/at least one shop/);
  });
});
