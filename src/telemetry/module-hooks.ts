import Module from 'node:module';

interface Loaders {
  readonly require: typeof Module.prototype.require;
  readonly getBuiltinModule: typeof process.getBuiltinModule;
}

let beforeHooks: Loaders | undefined;

/**
 * Remembers how modules are loaded before the instrumentations hook `require` (call it just before registering them),
 * so that {@link endModuleHooks} can put that back.
 */
export function rememberModuleLoaders(): void {
  beforeHooks ??= { require: Module.prototype.require, getBuiltinModule: process.getBuiltinModule };
}

/**
 * Removes the instrumentations' `require` hook once the modules they patch (koa, and `node:http` which koa loads) are
 * loaded and patched; the patches stay. The hook (require-in-the-middle, registered for every module) resolves the
 * path of every later `require` call, with file system calls, to look for modules to patch: archiver's streams
 * (readable-stream) call `require` in every stream's constructor: about 0.25 ms of the main thread per download
 * (docs/performance.md, "What tracing costs"). A no-op when tracing is off.
 */
export function endModuleHooks(): void {
  if (beforeHooks === undefined) return;
  Module.prototype.require = beforeHooks.require;
  process.getBuiltinModule = beforeHooks.getBuiltinModule;
  beforeHooks = undefined;
}
