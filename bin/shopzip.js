#!/usr/bin/env node
// The `shopzip` command (package.json "bin"): runs the compiled command line, dist/src/cli/main.js.
// `npm ci` builds it (the "prepare" script); `npx shopzip …` from a clone then finds it here.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('shopzip: the command is not built yet: run `npm run build` in the shopzip folder first.\n');
  process.exit(2);
}
await import(main.href);
