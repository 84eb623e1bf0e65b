import { createRequire } from 'node:module';
import type Application from 'koa';

/**
 * The Koa application class, loaded with CommonJS `require` rather than `import`. OpenTelemetry's Koa instrumentation
 * patches `koa` (only `koa`: it finds @koa/router's routes through `Router#routes().router`) from a require hook, which
 * sees `require()` calls only; an `import` of koa reaches it only through an ESM loader hook
 * (https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md), and the thread Node starts for
 * any loader hook costs about 14 MB of RSS (README "What tracing costs"). Without tracing this is a plain require.
 */
export const Koa: typeof Application = createRequire(import.meta.url)('koa');
export type Koa = Application;
