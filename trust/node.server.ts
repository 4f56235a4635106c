/**
 * Node built-ins for the server-side modules under trust/.
 *
 * Remix's classic compiler also bundles every module a route imports for the
 * browser, and it stops on a static `node:` import unless the importing file
 * is a `.server` module inside app/. Trust content and helpers live outside
 * app/, so they load built-ins at run time through process.getBuiltinModule
 * (Node 20.16+). None of this code runs in a browser: trust pages ship no
 * JavaScript at all.
 */
export function nodeBuiltin<ID extends 'node:crypto' | 'node:fs' | 'node:path' | 'node:url'>(id: ID) {
  const load = globalThis.process?.getBuiltinModule
  if (typeof load !== 'function') throw new Error(`The trust center needs Node.js 20.16 or later (process.getBuiltinModule) to load ${id}`)
  return load(id)
}
