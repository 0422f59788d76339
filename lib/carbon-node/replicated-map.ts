/**
 * The replicated map behind `/api/replicated/<key>`: every member holds every entry (full
 * replication, like Hazelcast's ReplicatedMap). Writes carry a Lamport stamp so members that
 * receive puts in different orders still agree; a joining member receives the whole state.
 */
import type { ReplicatedEntry, Stamp } from "./wire";

export type JsonValue = ReplicatedEntry["value"];

export type ReplicatedMap = {
  get(key: string): JsonValue | undefined;
  keys(): string[];
  /** A local write: returns the stamped entry to broadcast. */
  put(key: string, value: JsonValue): ReplicatedEntry;
  /** A remote write; true when it replaced what we had. */
  apply(entry: ReplicatedEntry): boolean;
  exportAll(): ReplicatedEntry[];
  /** Takes the cluster's state on join; returns our entries that are newer, to be re-broadcast. */
  mergeState(entries: ReplicatedEntry[]): ReplicatedEntry[];
};

export function isNewer(a: Stamp, b: Stamp): boolean {
  return a.clock > b.clock || (a.clock === b.clock && a.uuid > b.uuid);
}

export function createReplicatedMap(localUuid: string): ReplicatedMap {
  const entries = new Map<string, ReplicatedEntry>();
  let clock = 0;
  function apply(entry: ReplicatedEntry): boolean {
    clock = Math.max(clock, entry.stamp.clock);
    const current = entries.get(entry.key);
    if (current && !isNewer(entry.stamp, current.stamp)) return false;
    entries.set(entry.key, entry);
    return true;
  }
  return {
    get: (key) => entries.get(key)?.value,
    keys: () => [...entries.keys()].sort(),
    put(key, value) {
      clock += 1;
      const entry: ReplicatedEntry = { key, value, stamp: { clock, uuid: localUuid } };
      entries.set(key, entry);
      return entry;
    },
    apply,
    exportAll: () => [...entries.values()],
    mergeState(remote) {
      const remoteByKey = new Map(remote.map((e) => [e.key, e]));
      for (const e of remote) apply(e);
      return [...entries.values()].filter((local) => {
        const r = remoteByKey.get(local.key);
        return !r || isNewer(local.stamp, r.stamp);
      });
    },
  };
}
