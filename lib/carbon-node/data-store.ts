/**
 * What the HTTP API needs from a datasource: registry resources and the counter. One implementation
 * per kind of database (sql-data-store.ts for pg/mysql2, local-data-store.ts for H2), so the
 * registry and counter logic never branch on the vendor.
 */
export type DataStore = {
  /** e.g. `WSO2_SHARED_DB (postgresql 127.0.0.1:5432/regdb)` or `WSO2_CARBON_DB (local)`. */
  readonly description: string;
  readonly shared: boolean;
  registryGet(path: string): Promise<string | null>;
  registryPut(path: string, content: string): Promise<void>;
  counterGet(name: string): Promise<number>;
  /**
   * tx=false: read, think, write — two autocommit statements, so concurrent increments lose updates.
   * tx=true: the same inside one transaction holding a row lock (SELECT ... FOR UPDATE).
   */
  counterIncrement(name: string, tx: boolean): Promise<number>;
  close(): Promise<void>;
};

/**
 * How long the non-transactional increment "thinks" between its read and its write: the time a real
 * application spends between SELECT and UPDATE. Without it, two nodes on one fast machine rarely
 * interleave and the lost-update lesson would depend on luck.
 */
export const COUNTER_THINK_MS = 5;

/** Resolves after `ms`, or at once when `signal` aborts (a stopping loop then sees `aborted` and ends). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
