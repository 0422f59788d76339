/**
 * The node-local embedded database (what `jdbc:h2:` means in Carbon). H2 cannot run in Node and
 * better-sqlite3 cannot be bundled for the Node 18 image, so the data lives in a JSON file under the
 * Carbon home (`repository/database/<name>.json`), or in memory when there is no home. It is local
 * to the node by construction: pointing a registry mount at it reproduces WSO2's "not shared" mistake.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { COUNTER_THINK_MS, sleep, type DataStore } from "./data-store";

const fileSchema = z.object({
  registry: z.record(z.string(), z.string()).default({}),
  counters: z.record(z.string(), z.number()).default({}),
});
type LocalData = z.infer<typeof fileSchema>;

function load(file: string | null): LocalData {
  if (!file || !fs.existsSync(file)) return { registry: {}, counters: {} };
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: an unreadable local DB starts empty, as a fresh H2 file would
  }
  return { registry: {}, counters: {} };
}

export function createLocalDataStore(name: string, file: string | null): DataStore {
  const data = load(file);
  let lock: Promise<void> = Promise.resolve();
  function persist(): void {
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, file);
  }
  /** The local equivalent of a row lock: one locked section at a time. */
  async function locked<T>(fn: () => Promise<T>): Promise<T> {
    const previous = lock;
    let release: () => void = () => undefined;
    lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
  async function increment(counter: string): Promise<number> {
    const current = data.counters[counter] ?? 0;
    await sleep(COUNTER_THINK_MS);
    data.counters[counter] = current + 1;
    persist();
    return current + 1;
  }
  return {
    description: `${name} (local${file ? ` ${file}` : ", in memory"})`,
    shared: false,
    async registryGet(p) {
      return data.registry[p] ?? null;
    },
    async registryPut(p, content) {
      data.registry[p] = content;
      persist();
    },
    async counterGet(counter) {
      return data.counters[counter] ?? 0;
    },
    counterIncrement: (counter, tx) => (tx ? locked(() => increment(counter)) : increment(counter)),
    async close() {
      await lock;
    },
  };
}
