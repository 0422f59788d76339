import { describe, expect, it } from "vitest";
import { checkConsoleRequest, isLoopbackHost } from "./guard";

const TOKEN = "t".repeat(43);

function req(headers: Record<string, string>, url = "http://127.0.0.1:3000/api/labs/sample/actions"): Request {
  return new Request(url, { method: "POST", headers });
}

const good = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "x-clusterlab-console-token": TOKEN, "sec-fetch-site": "same-origin", "x-forwarded-for": "127.0.0.1" };

describe("checkConsoleRequest", () => {
  it("accepts a same-origin loopback request with the token", () => {
    expect(checkConsoleRequest(req(good), { mode: "local", token: TOKEN, mutating: true })).toEqual({ ok: true });
  });

  it("refuses everything in classroom mode, saying to use the CLI", () => {
    const v = checkConsoleRequest(req(good), { mode: "classroom", token: TOKEN, mutating: false });
    expect(v).toMatchObject({ ok: false, status: 404 });
    expect(!v.ok && v.message).toMatch(/clusterlab lab/);
  });

  it.each([
    ["a missing token", { ...good, "x-clusterlab-console-token": "" }],
    ["a wrong token", { ...good, "x-clusterlab-console-token": "x".repeat(43) }],
    ["a non-loopback Host (DNS rebinding)", { ...good, host: "evil.example:3000", origin: "http://evil.example:3000" }],
    ["a remote client", { ...good, "x-forwarded-for": "192.168.1.20" }],
    ["a proxy hop that is not loopback", { ...good, "x-forwarded-for": "127.0.0.1, 10.0.0.5" }],
    ["a cross-origin Origin", { ...good, origin: "http://evil.example" }],
    ["a missing Origin on a change", { ...good, origin: "" }],
    ["another loopback port as Origin", { ...good, origin: "http://127.0.0.1:4000" }],
    ["Sec-Fetch-Site cross-site", { ...good, "sec-fetch-site": "cross-site" }],
  ])("refuses %s", (_name, headers) => {
    const cleaned = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ""));
    expect(checkConsoleRequest(req(cleaned), { mode: "local", token: TOKEN, mutating: true }).ok).toBe(false);
  });

  it("lets a read (EventSource) pass the token as a query parameter, without Origin", () => {
    const { origin: _o, "x-clusterlab-console-token": _t, ...rest } = good;
    const r = req(rest, `http://127.0.0.1:3000/api/labs/sample/events?token=${TOKEN}`);
    expect(checkConsoleRequest(r, { mode: "local", token: TOKEN, mutating: false })).toEqual({ ok: true });
    expect(checkConsoleRequest(r, { mode: "local", token: TOKEN, mutating: true }).ok).toBe(false);
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.0.0.1:3000", "localhost:3000", "LOCALHOST", "[::1]:3000", "127.5.6.7"])("%s is loopback", (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(["0.0.0.0:3000", "10.0.0.1", "localhost.evil.example", "127.0.0.1.evil.example", "[::2]:3000", "1270.0.0.1"])("%s is not", (h) => expect(isLoopbackHost(h)).toBe(false));
});
