// Builds the web page into dist/web: one ES module bundle (Preact included; no CDN) and the static files beside it,
// and the API reference's page into dist/web/docs.
// Run by `npm run build:web` (part of `npm run build` and of `npm test`); the type-check is `tsc -p web`.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = here('../dist/web/');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [here('src/main.tsx')],
  outfile: `${out}app.js`,
  tsconfig: here('tsconfig.json'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css', 'favicon.svg']) await copyFile(here(file), `${out}${file}`);

// The API reference at /docs: its page and the script that starts Swagger UI (whose own files come from swagger-ui-dist).
await mkdir(`${out}docs`);
await build({ entryPoints: [here('docs/docs.ts')], outfile: `${out}docs/docs.js`, format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' });
await copyFile(here('docs/index.html'), `${out}docs/index.html`);
