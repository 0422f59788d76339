import { expect, test } from "vitest";
import { createWorkLimiter, WorkSaturatedError } from "./work-limiter";

test("runs at most `concurrency` jobs, queues `queue` more, and refuses the rest at once", async () => {
  const limiter = createWorkLimiter({ concurrency: 2, queue: 1, retryAfterSeconds: 3 });
  const gates: Array<() => void> = [];
  let running = 0;
  let peak = 0;
  const job = () =>
    limiter.run(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return "done";
    });
  const accepted = [job(), job(), job()];
  await expect(job()).rejects.toEqual(new WorkSaturatedError(3));
  expect(limiter.active).toBe(2);
  expect(limiter.waiting).toBe(1);
  while (gates.length > 0 || running > 0) {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 1));
  }
  expect(await Promise.all(accepted)).toEqual(["done", "done", "done"]);
  expect(peak).toBe(2);
  expect(limiter.active).toBe(0);
});

test("a failing job frees its slot", async () => {
  const limiter = createWorkLimiter({ concurrency: 1, queue: 0, retryAfterSeconds: 1 });
  await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  expect(await limiter.run(async () => 42)).toBe(42);
});
