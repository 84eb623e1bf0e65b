import type { Context } from 'mocha';
import { takeViolations } from './watch.js';

/**
 * Mocha root hooks (`.mocharc.json` requires this file): after each test, the responses of the apps it talked to that
 * the OpenAPI document does not describe fail that test (`Hook#error` fails the test, not the hook, so the next tests
 * still run).
 */
export const mochaHooks = {
  async afterEach(this: Context): Promise<void> {
    const violations = await takeViolations();
    if (violations.length === 0) return;
    const error = new Error(`responses the OpenAPI document does not describe:\n  ${[...new Set(violations)].join('\n  ')}`);
    if (this.currentTest?.state === 'failed') console.error(error.message);
    else (this.test as unknown as { error(error: Error): void }).error(error);
  },
};
