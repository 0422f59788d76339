import { expect, test } from "vitest";
import { createSweepGate, SWEEP_INTERVAL_MS } from "./sweep";

const t0 = new Date("2026-11-28T07:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

test("the gate opens once per interval per database", () => {
  const gate = createSweepGate();
  const dbA = {};
  const dbB = {};
  expect(gate.claim(dbA, t0)).toBe(true);
  expect(gate.claim(dbA, at(1))).toBe(false);
  expect(gate.claim(dbA, at(SWEEP_INTERVAL_MS - 1))).toBe(false);
  // Another database in the same process has its own slot.
  expect(gate.claim(dbB, at(5))).toBe(true);
  expect(gate.claim(dbA, at(SWEEP_INTERVAL_MS))).toBe(true);
  expect(gate.claim(dbA, at(SWEEP_INTERVAL_MS + 1))).toBe(false);
});

test("a clock that jumps back does not close the gate for good", () => {
  const gate = createSweepGate(1_000);
  const db = {};
  expect(gate.claim(db, t0)).toBe(true);
  expect(gate.claim(db, at(-10_000))).toBe(true);
  expect(gate.claim(db, at(-9_500))).toBe(false);
});
