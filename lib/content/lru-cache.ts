/**
 * A small least-recently-used cache: a Map kept in use order (get moves an entry to the end, set evicts from the
 * front). The MDX caches are keyed by content hash, so every edit of a lesson adds a key and the old one is never
 * asked for again; a bound keeps a long-running server (or `next dev` during authoring) from growing forever.
 * Pure and dependency-free so the page side (components/mdx) can use it too.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`LruCache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    // Re-insert: Map iteration order is insertion order, so the end is the most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }
}

/**
 * How many compiled lessons (and evaluated lesson components) a process keeps. The course has ~50 MDX documents
 * (lessons and lab READMEs); 4x that leaves room for edits during authoring while capping memory at a few MB.
 */
export const MDX_CACHE_CAPACITY = 200;
