import { expect, test } from "vitest";
import { decideLoginThrottle, LOGIN_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "./rate-limit";

const now = new Date("2026-11-28T04:00:00Z");

test("below both limits a login is allowed", () => {
  expect(
    decideLoginThrottle({ accountFailures: MAX_FAILURES_PER_ACCOUNT - 1, addressFailures: 0, oldestCountedFailureAt: undefined, now }),
  ).toEqual({ allowed: true });
});

test("a full account bucket blocks until the oldest failure leaves the window", () => {
  const oldest = new Date(now.getTime() - LOGIN_WINDOW_MS + 60_000);
  expect(
    decideLoginThrottle({ accountFailures: MAX_FAILURES_PER_ACCOUNT, addressFailures: 1, oldestCountedFailureAt: oldest, now }),
  ).toEqual({ allowed: false, retryAfterSeconds: 60 });
});

test("a full address bucket blocks too, for at least one second", () => {
  const verdict = decideLoginThrottle({ accountFailures: 0, addressFailures: MAX_FAILURES_PER_ADDRESS, oldestCountedFailureAt: undefined, now });
  expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 900 });
});
