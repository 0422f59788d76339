/** The RDBMS coordination model on a fake clock: who becomes active, when the passive one takes over, and claims. */
import { describe, expect, it } from "vitest";
import { createLocalDataStore } from "../local-data-store";
import { createCoordinator } from "./coordinator";

function pair() {
  let t = 1_000_000;
  const store = createLocalDataStore("WSO2_CLUSTER_DB", null);
  const make = (name: string) =>
    createCoordinator({
      store,
      groupId: "is.analytics",
      self: { id: `${name}-1`, name, host: name, syncPort: 9894 },
      heartbeatIntervalMs: 1000,
      heartbeatMaxRetry: 2,
      now: () => t,
    });
  return { w1: make("worker1"), w2: make("worker2"), advance: (ms: number) => (t += ms) };
}

describe("RDBMS coordination model", () => {
  it("the first claimant becomes active after one confirming beat; the other is passive", async () => {
    const { w1, w2, advance } = pair();
    await w1.tick();
    expect(w1.view().role).toBe("candidate");
    await w2.tick();
    expect(w2.view().role).toBe("passive");
    advance(1000);
    await w1.tick();
    expect(w1.view().role).toBe("active");
    await w1.tick();
    expect(w1.view().passive?.name).toBe("worker2");
  });

  it("of two claimants the last writer wins, and the other steps down to passive", async () => {
    const { w1, w2, advance } = pair();
    await w1.tick(); // w1 claims, then stalls
    advance(3000); // w1 silent past the limit: w2 may claim
    await w2.tick();
    expect(w2.view().role).toBe("candidate");
    await w1.tick(); // w1 finds w2's claim and w2 alive
    expect(w1.view().role).toBe("passive");
    await w2.tick();
    expect(w2.view().role).toBe("active");
  });

  it("the passive worker takes over only after heartbeatInterval × heartbeatMaxRetry of silence", async () => {
    const { w1, w2, advance } = pair();
    await w1.tick();
    advance(1000);
    await w1.tick();
    await w2.tick();
    expect([w1.view().role, w2.view().role]).toEqual(["active", "passive"]);
    // w1 dies: no more ticks from it.
    advance(1000);
    await w2.tick();
    expect(w2.view().role).toBe("passive"); // 1 s of silence
    advance(1000);
    await w2.tick();
    expect(w2.view().role).toBe("passive"); // 2 s: exactly the limit, still alive
    advance(1000);
    await w2.tick();
    expect(w2.view().role).toBe("candidate"); // 3 s > 2 × 1000 ms: claim
    advance(1000);
    await w2.tick();
    expect(w2.view().role).toBe("active");
    expect(w2.view().passive).toBeNull(); // its own old passive row is not a sync target
  });
});
