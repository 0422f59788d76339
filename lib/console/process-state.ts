/**
 * Per-process console state lives on globalThis, not in module scope: `next dev` reloads modules (and the
 * server bundle may hold several copies of one module), which would otherwise mint a second token or a second
 * event hub that the running operation never publishes to.
 */
const KEY = Symbol.for("clusterlab.console.state");

type GlobalWithConsole = typeof globalThis & { [KEY]?: Map<string, unknown> };

/** The value stored under `name` for this process, created once by `create`. */
export function processSingleton<T>(name: string, create: () => T): T {
  const g = globalThis as GlobalWithConsole;
  const store = (g[KEY] ??= new Map<string, unknown>());
  if (!store.has(name)) store.set(name, create());
  return store.get(name) as T;
}

/** The value under `name`, or undefined; never creates it (the front server records its facts before Next loads). */
export function peekProcessValue(name: string): unknown {
  return (globalThis as GlobalWithConsole)[KEY]?.get(name);
}

/** Replace the value under `name` (tests standing in for scripts/server.mjs). */
export function setProcessValue(name: string, value: unknown): void {
  const g = globalThis as GlobalWithConsole;
  (g[KEY] ??= new Map<string, unknown>()).set(name, value);
}
