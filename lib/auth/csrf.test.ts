import { expect, test } from "vitest";
import { checkSameOrigin } from "./csrf";

const url = "http://127.0.0.1:3000/api/cohorts";

test("a same-origin POST passes", () => {
  const headers = new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" });
  expect(checkSameOrigin(headers, url)).toEqual({ ok: true });
});

test("a cross-site POST is refused with the origin named", () => {
  const headers = new Headers({ host: "127.0.0.1:3000", origin: "https://evil.example" });
  const verdict = checkSameOrigin(headers, url);
  expect(verdict.ok).toBe(false);
  expect(verdict.ok ? "" : verdict.reason).toContain("evil.example");
});

test("an opaque origin and a missing origin without fetch metadata are refused", () => {
  expect(checkSameOrigin(new Headers({ host: "127.0.0.1:3000", origin: "null" }), url).ok).toBe(false);
  expect(checkSameOrigin(new Headers({ host: "127.0.0.1:3000" }), url).ok).toBe(false);
  expect(checkSameOrigin(new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" }), url).ok).toBe(false);
  expect(checkSameOrigin(new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin" }), url).ok).toBe(true);
});

test("behind a proxy the forwarded host or the configured public origin counts", () => {
  const proxied = new Headers({
    host: "127.0.0.1:3001",
    "x-forwarded-host": "course.example",
    origin: "https://course.example",
  });
  expect(checkSameOrigin(proxied, url).ok).toBe(true);
  const configured = new Headers({ host: "127.0.0.1:3001", origin: "https://class.example" });
  expect(checkSameOrigin(configured, url, "https://class.example/").ok).toBe(true);
});
