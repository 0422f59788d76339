import { describe, expect, it } from "vitest";
import { checkConsoleRequest, isLoopbackHost } from "./guard";

const TOKEN = "t".repeat(43);
const FRONT = { cookieName: "clusterlab-console-3000", consoleRemote: false };

function req(headers: Record<string, string>, url = "http://127.0.0.1:3000/api/labs/sample/actions"): Request {
  return new Request(url, { method: "POST", headers });
}

/** What the page's own fetch looks like behind scripts/server.mjs: loopback peer stamped by the server, the HttpOnly cookie. */
const good = {
  host: "127.0.0.1:3000",
  origin: "http://127.0.0.1:3000",
  cookie: `other=1; clusterlab-console-3000=${TOKEN}`,
  "sec-fetch-site": "same-origin",
  "x-clusterlab-peer": "127.0.0.1",
};
const local = { mode: "local" as const, token: TOKEN, front: FRONT };

describe("checkConsoleRequest", () => {
  it("accepts a same-origin loopback request with the console cookie", () => {
    expect(checkConsoleRequest(req(good), { ...local, mutating: true })).toEqual({ ok: true });
  });

  it("accepts the token header instead of the cookie (same secret; scripts and tests)", () => {
    const { cookie: _c, ...rest } = good;
    expect(
      checkConsoleRequest(req({ ...rest, "x-clusterlab-console-token": TOKEN }), { ...local, mutating: true }),
    ).toEqual({ ok: true });
  });

  it("refuses everything in classroom mode, saying to use the CLI", () => {
    const v = checkConsoleRequest(req(good), { ...local, mode: "classroom", mutating: false });
    expect(v).toMatchObject({ ok: false, status: 404 });
    expect(!v.ok && v.message).toMatch(/clusterlab lab/);
  });

  it.each([
    ["a missing cookie", { ...good, cookie: "other=1" }],
    ["a wrong cookie", { ...good, cookie: `clusterlab-console-3000=${"x".repeat(43)}` }],
    ["another port's cookie", { ...good, cookie: `clusterlab-console-4000=${TOKEN}` }],
    ["a non-loopback Host (DNS rebinding)", { ...good, host: "evil.example:3000", origin: "http://evil.example:3000" }],
    // The token header (not the cookie) in these three, so only the peer address can refuse them.
    [
      "a remote peer, even with a forged X-Forwarded-For (H2)",
      {
        ...good,
        cookie: "",
        "x-clusterlab-console-token": TOKEN,
        "x-clusterlab-peer": "192.168.1.20",
        "x-forwarded-for": "127.0.0.1",
      },
    ],
    [
      "a remote peer in IPv4-mapped form",
      { ...good, cookie: "", "x-clusterlab-console-token": TOKEN, "x-clusterlab-peer": "::ffff:10.0.0.5" },
    ],
    ["a missing peer address", { ...good, cookie: "", "x-clusterlab-console-token": TOKEN, "x-clusterlab-peer": "" }],
    ["a cross-origin Origin", { ...good, origin: "http://evil.example" }],
    ["a missing Origin on a change", { ...good, origin: "" }],
    ["another loopback port as Origin", { ...good, origin: "http://127.0.0.1:4000" }],
    ["Sec-Fetch-Site cross-site", { ...good, "sec-fetch-site": "cross-site" }],
  ])("refuses %s", (_name, headers) => {
    const cleaned = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ""));
    expect(checkConsoleRequest(req(cleaned), { ...local, mutating: true }).ok).toBe(false);
  });

  it("refuses when no front server vouches for the peer header (`next start` alone: the client wrote it)", () => {
    const v = checkConsoleRequest(req(good), { ...local, front: null, mutating: false });
    expect(v).toMatchObject({ ok: false, status: 403 });
    expect(!v.ok && v.message).toMatch(/npm start/);
  });

  it("never takes the token from the query string (L15), on any route", () => {
    const { cookie: _c, ...rest } = good;
    for (const route of ["events", "files?path=a", "actions"]) {
      const r = req(
        rest,
        `http://127.0.0.1:3000/api/labs/sample/${route}${route.includes("?") ? "&" : "?"}token=${TOKEN}`,
      );
      const v = checkConsoleRequest(r, { ...local, mutating: false });
      expect(v).toMatchObject({ ok: false, status: 403 });
      expect(!v.ok && v.message).toMatch(/one-time/);
    }
  });

  it("with CLUSTERLAB_CONSOLE_REMOTE=1, a remote peer and Host pass on the cookie alone, still same-origin for changes", () => {
    const remote = {
      ...good,
      host: "lab-pc.example:3000",
      origin: "http://lab-pc.example:3000",
      "x-clusterlab-peer": "192.168.1.20",
    };
    const opts = { ...local, front: { ...FRONT, consoleRemote: true } };
    expect(checkConsoleRequest(req(remote), { ...opts, mutating: true })).toEqual({ ok: true });
    expect(checkConsoleRequest(req({ ...remote, cookie: "" }), { ...opts, mutating: false }).ok).toBe(false);
    expect(checkConsoleRequest(req({ ...remote, origin: "http://evil.example" }), { ...opts, mutating: true }).ok).toBe(
      false,
    );
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.0.0.1:3000", "localhost:3000", "LOCALHOST", "[::1]:3000", "127.5.6.7"])(
    "%s is loopback",
    (h) => expect(isLoopbackHost(h)).toBe(true),
  );
  it.each(["0.0.0.0:3000", "10.0.0.1", "localhost.evil.example", "127.0.0.1.evil.example", "[::2]:3000", "1270.0.0.1"])(
    "%s is not",
    (h) => expect(isLoopbackHost(h)).toBe(false),
  );
});
