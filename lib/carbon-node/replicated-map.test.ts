import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReplicatedMap } from "./replicated-map";
import type { ReplicatedEntry } from "./wire";

describe("replicated map", () => {
  it("a later stamp wins; an older one is ignored", () => {
    const a = createReplicatedMap("a");
    const first = a.put("k", 1);
    const second = a.put("k", 2);
    const b = createReplicatedMap("b");
    expect(b.apply(second)).toBe(true);
    expect(b.apply(first)).toBe(false);
    expect(b.get("k")).toBe(2);
  });

  it("a local write after seeing a remote one gets a higher clock", () => {
    const a = createReplicatedMap("a");
    a.apply({ key: "k", value: "remote", stamp: { clock: 41, uuid: "z" } });
    expect(a.put("k", "local").stamp.clock).toBe(42);
  });

  it("mergeState takes the cluster's entries and returns only ours that are newer or missing", () => {
    const joiner = createReplicatedMap("j");
    joiner.apply({ key: "mine", value: 1, stamp: { clock: 5, uuid: "j" } });
    joiner.apply({ key: "shared", value: "old", stamp: { clock: 1, uuid: "j" } });
    const back = joiner.mergeState([{ key: "shared", value: "new", stamp: { clock: 3, uuid: "m" } }]);
    expect(joiner.get("shared")).toBe("new");
    expect(back.map((e) => e.key)).toEqual(["mine"]);
  });

  it("members applying the same writes in any order agree (property)", () => {
    const entry = fc.record({
      key: fc.constantFrom("a", "b", "c"),
      value: fc.integer(),
      stamp: fc.record({ clock: fc.nat(20), uuid: fc.constantFrom("m1", "m2", "m3") }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.nat(), (entries: ReplicatedEntry[], seed) => {
        // distinct stamps per key, as real writers produce
        const unique = [...new Map(entries.map((e) => [`${e.key}|${e.stamp.clock}|${e.stamp.uuid}`, e])).values()];
        const shuffled = [...unique].sort(
          (x, y) => ((x.stamp.clock * 31 + seed) % 7) - ((y.stamp.clock * 31 + seed) % 7),
        );
        const m1 = createReplicatedMap("x");
        const m2 = createReplicatedMap("y");
        unique.forEach((e) => m1.apply(e));
        shuffled.forEach((e) => m2.apply(e));
        expect(m2.keys()).toEqual(m1.keys());
        for (const k of m1.keys()) expect(m2.get(k)).toEqual(m1.get(k));
      }),
      { numRuns: 300 },
    );
  });
});
