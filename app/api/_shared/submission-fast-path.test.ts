import { describe, expect, it } from "vitest";
import { isFastPathRequest } from "./submission-fast-path";

// Only the exact route the Next handler serves is taken from Next; anything Next would treat differently
// (redirects, 405s, other routes) stays Next's, so the fast path can never answer where the app would not.
describe("isFastPathRequest (ADR 0035)", () => {
  it.each([
    ["POST", "/api/submissions"],
    ["POST", "/api/submissions?source=cli"],
  ])("%s %s is the fast path's", (method, url) => expect(isFastPathRequest({ method, url })).toBe(true));

  it.each([
    ["GET", "/api/submissions"],
    ["PUT", "/api/submissions"],
    ["HEAD", "/api/submissions"],
    ["POST", "/api/submissions/"],
    ["POST", "/api/submissions/x"],
    ["POST", "/api/submission"],
    ["POST", "//api/submissions"],
    ["POST", "/API/submissions"],
    ["POST", "http://127.0.0.1:3000/api/submissions"],
    ["POST", "/api/me"],
    ["POST", undefined],
  ])("%s %s is left to Next", (method, url) => expect(isFastPathRequest({ method, url })).toBe(false));
});
