import { expect, test } from "vitest";
import {
  decideThrottle,
  describeWait,
  JOIN_POLICY,
  LOGIN_POLICY,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  reopeningOffset,
  windowStart,
} from "./rate-limit";

const now = new Date("2026-11-28T04:00:00Z");
const none = { failures: 0, reopeningFailureAt: undefined };

test("below both limits a login is allowed", () => {
  expect(
    decideThrottle(LOGIN_POLICY, {
      identity: { failures: MAX_FAILURES_PER_ACCOUNT - 1, reopeningFailureAt: undefined },
      address: none,
      now,
    }),
  ).toEqual({ allowed: true });
});

test("a full account bucket blocks until the reopening failure leaves the window", () => {
  const oldest = new Date(now.getTime() - LOGIN_WINDOW_MS + 60_000);
  expect(
    decideThrottle(LOGIN_POLICY, {
      identity: { failures: MAX_FAILURES_PER_ACCOUNT, reopeningFailureAt: oldest },
      address: { failures: 1, reopeningFailureAt: undefined },
      now,
    }),
  ).toEqual({ allowed: false, retryAfterSeconds: 60 });
});

test("a full address bucket blocks too, for at least one second", () => {
  expect(
    decideThrottle(LOGIN_POLICY, {
      identity: none,
      address: { failures: MAX_FAILURES_PER_ADDRESS, reopeningFailureAt: undefined },
      now,
    }),
  ).toEqual({
    allowed: false,
    retryAfterSeconds: 900,
  });
  const leaving = new Date(now.getTime() - LOGIN_WINDOW_MS + 10);
  expect(
    decideThrottle(LOGIN_POLICY, {
      identity: none,
      address: { failures: MAX_FAILURES_PER_ADDRESS, reopeningFailureAt: leaving },
      now,
    }),
  ).toEqual({
    allowed: false,
    retryAfterSeconds: 1,
  });
});

test("join codes: the tenth failure of a user blocks the eleventh try; nine do not", () => {
  const first = new Date(now.getTime() - 5 * 60_000);
  expect(
    decideThrottle(JOIN_POLICY, {
      identity: { failures: 9, reopeningFailureAt: first },
      address: { failures: 9, reopeningFailureAt: first },
      now,
    }),
  ).toEqual({ allowed: true });
  expect(
    decideThrottle(JOIN_POLICY, {
      identity: { failures: 10, reopeningFailureAt: first },
      address: { failures: 10, reopeningFailureAt: first },
      now,
    }),
  ).toEqual({
    allowed: false,
    retryAfterSeconds: 10 * 60,
  });
});

test("join codes: 60 failures from one address block every user there, fewer do not", () => {
  const at = new Date(now.getTime() - 60_000);
  expect(
    decideThrottle(JOIN_POLICY, { identity: none, address: { failures: 59, reopeningFailureAt: at }, now }),
  ).toEqual({ allowed: true });
  expect(
    decideThrottle(JOIN_POLICY, { identity: none, address: { failures: 60, reopeningFailureAt: at }, now }),
  ).toEqual({ allowed: false, retryAfterSeconds: 14 * 60 });
});

test("an unknown address (undefined bucket) is never counted, however the identity bucket stands", () => {
  expect(
    decideThrottle(JOIN_POLICY, { identity: { failures: 3, reopeningFailureAt: undefined }, address: undefined, now }),
  ).toEqual({ allowed: true });
});

test("with both buckets full, the later reopening decides Retry-After", () => {
  const early = new Date(now.getTime() - 14 * 60_000);
  const late = new Date(now.getTime() - 2 * 60_000);
  const verdict = decideThrottle(JOIN_POLICY, {
    identity: { failures: 10, reopeningFailureAt: early },
    address: { failures: 60, reopeningFailureAt: late },
    now,
  });
  expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 13 * 60 });
});

test("the reopening failure of an over-full bucket is the (failures - limit + 1)-th oldest", () => {
  expect(reopeningOffset(10, 10)).toBe(0);
  expect(reopeningOffset(13, 10)).toBe(3);
  expect(reopeningOffset(2, 10)).toBe(0);
});

test("window start and the wait a person reads", () => {
  expect(windowStart(JOIN_POLICY, now).toISOString()).toBe("2026-11-28T03:45:00.000Z");
  expect(describeWait(1)).toBe("1 second(s)");
  expect(describeWait(59)).toBe("59 second(s)");
  expect(describeWait(61)).toBe("2 minute(s)");
  expect(describeWait(900)).toBe("15 minute(s)");
});
