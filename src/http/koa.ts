import { createRequire } from 'node:module';
import type Application from 'koa';
import { endModuleHooks } from '../telemetry/module-hooks.js';

/**
 * The Koa application class, loaded with CommonJS `require` rather than `import`. OpenTelemetry's Koa instrumentation
 * patches `koa` (only `koa`: it finds @koa/router's routes through `Router#routes().router`) from a require hook, which
 * sees `require()` calls only; an `import` of koa reaches it only through an ESM loader hook
 * (https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md), and the thread Node starts for
 * any loader hook costs about 14 MB of RSS (docs/performance.md, "What tracing costs"). Without tracing this is a plain require.
 * Koa and `node:http` are all the instrumentations patch, so their require hook is removed once koa is loaded.
 */
export const Koa: typeof Application = createRequire(import.meta.url)('koa');
endModuleHooks();
export type Koa = Application;
