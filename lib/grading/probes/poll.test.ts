import { expect, test } from "vitest";
import { pollUntil } from "./poll";

test("returns as soon as the condition holds, with the value that satisfied it", async () => {
  let n = 0;
  const result = await pollUntil(
    async () => ++n,
    (v) => v >= 3,
    { timeoutMs: 5_000, intervalMs: 5 },
  );
  expect(result).toMatchObject({ satisfied: true, value: 3, attempts: 3 });
});

test("gives up at the deadline and returns the last value as evidence", async () => {
  const result = await pollUntil(
    async () => "never",
    () => false,
    { timeoutMs: 60, intervalMs: 20 },
  );
  expect(result.satisfied).toBe(false);
  expect(result.value).toBe("never");
  expect(result.elapsedMs).toBeLessThan(1_000);
});

test("stops when the signal aborts", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  const result = await pollUntil(
    async () => 0,
    () => false,
    { timeoutMs: 10_000, intervalMs: 10, signal: controller.signal },
  );
  expect(result.satisfied).toBe(false);
  expect(result.elapsedMs).toBeLessThan(2_000);
});
