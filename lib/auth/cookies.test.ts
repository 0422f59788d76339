import { expect, test } from "vitest";
import { readCookie, serializeClearedSessionCookie, serializeSessionCookie, SESSION_COOKIE } from "./cookies";

test("the session cookie is httpOnly, Secure and SameSite=Strict", () => {
  const cookie = serializeSessionCookie("abc", new Date("2026-12-05T00:00:00Z"));
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/Secure/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Expires=Sat, 05 Dec 2026/);
  expect(serializeClearedSessionCookie()).toMatch(/Max-Age=0/);
});

test("one cookie is read out of a header with several", () => {
  expect(readCookie(`a=1; ${SESSION_COOKIE}=xyz; b=2`, SESSION_COOKIE)).toBe("xyz");
  expect(readCookie("a=1", SESSION_COOKIE)).toBeUndefined();
  expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
});
