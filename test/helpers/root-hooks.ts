import { stopTestPostgres } from './postgres.js';

/** Mocha's root hooks (`.mocharc.json` requires this module): the shared PostgreSQL cluster stops after every test. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestPostgres();
  },
};
