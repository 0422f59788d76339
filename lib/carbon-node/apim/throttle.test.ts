import { describe, expect, it } from "vitest";
import { createThrottleEvaluator, WINDOW_MS } from "./throttle";

const event = (key: string, tier = "LabBronze") => ({ type: "request" as const, key, tier, gateway: "gw1" });

describe("Traffic Manager throttle rule", () => {
  it("decides once, on the first event past the tier's per-minute limit, until the window ends", () => {
    const tm = createThrottleEvaluator();
    const t0 = 10 * WINDOW_MS + 1_000;
    const decisions = Array.from({ length: 15 }, (_, i) => tm.record(event("app:/x"), t0 + i));
    expect(decisions.slice(0, 10).every((d) => d === null)).toBe(true);
    expect(decisions[10]).toEqual({ type: "throttle", key: "app:/x", tier: "LabBronze", blockedUntil: 11 * WINDOW_MS });
    expect(decisions.slice(11).every((d) => d === null)).toBe(true);
    expect(tm.active(t0 + 20)).toHaveLength(1);
    expect(tm.active(11 * WINDOW_MS)).toHaveLength(0);
  });
  it("counts keys apart and never throttles Unlimited", () => {
    const tm = createThrottleEvaluator();
    for (let i = 0; i < 10; i++) tm.record(event("a:/x"), 5);
    expect(tm.record(event("b:/x"), 6)).toBeNull();
    for (let i = 0; i < 100; i++) expect(tm.record(event("c:/x", "Unlimited"), 7)).toBeNull();
  });
});
