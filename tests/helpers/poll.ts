/**
 * Bounded waiting for test suites: poll until a condition holds or a deadline passes, then fail with a
 * message built from the last value seen. One loop (lib/grading's pollUntil, which the graders use) instead
 * of hand-written `while (Date.now() < deadline)` loops in each suite.
 */
import { pollUntil } from "@/lib/grading/probes/poll";

export type WaitOptions<T> = {
  timeoutMs: number;
  intervalMs: number;
  /** The error message when the deadline passes, given the last value read. */
  failure: (last: T) => string;
};

export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions<T>,
): Promise<T> {
  const result = await pollUntil(read, done, { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs });
  if (!result.satisfied)
    throw new Error(`${options.failure(result.value)} (waited ${result.elapsedMs} ms, ${result.attempts} attempts)`);
  return result.value;
}
