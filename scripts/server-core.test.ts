import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations (it runs under node, unbundled).
import * as core from "./server-core.mjs";

type State = Map<string, unknown>;
type Core = {
  serverSettings(env: Record<string, string | undefined>):
    | {
        ok: true;
        mode: string;
        host: string;
        port: number;
        consoleRemote: boolean;
        trustProxy: boolean;
        submissionFastPath: boolean;
      }
    | { ok: false; message: string };
  isLoopbackBind(host: string): boolean;
  installFrontServer(opts: { port: number; consoleRemote: boolean }, g?: object): State;
  openUrl(origin: string, state: State): string;
  createListener(opts: {
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    state: State;
    mode: string;
    trustProxy: boolean;
    onNewKey: (key: string) => void;
    answerFirst?: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null;
  }): http.RequestListener;
  SECURITY_HEADERS: Record<string, string>;
};
const { serverSettings, isLoopbackBind, installFrontServer, openUrl, createListener, SECURITY_HEADERS } = core as Core;

describe("serverSettings (npm start / npm run dev)", () => {
  it("binds 127.0.0.1:3000 by default", () => {
    expect(serverSettings({})).toMatchObject({
      ok: true,
      mode: "local",
      host: "127.0.0.1",
      port: 3000,
      consoleRemote: false,
    });
  });

  it.each(["0.0.0.0", "::", "lab-pc", "192.168.1.20"])(
    "refuses HOST=%s in local mode, naming the flag that allows it (H2)",
    (host) => {
      const s = serverSettings({ HOST: host });
      expect(s.ok).toBe(false);
      expect(!s.ok && s.message).toMatch(/CLUSTERLAB_CONSOLE_REMOTE=1/);
      expect(!s.ok && s.message).toMatch(/unsetenv HOST/);
    },
  );

  it("accepts a non-loopback HOST with CLUSTERLAB_CONSOLE_REMOTE=1, or in classroom mode", () => {
    expect(serverSettings({ HOST: "0.0.0.0", CLUSTERLAB_CONSOLE_REMOTE: "1" })).toMatchObject({
      ok: true,
      consoleRemote: true,
    });
    expect(serverSettings({ HOST: "0.0.0.0", CLUSTERLAB_MODE: "classroom" })).toMatchObject({
      ok: true,
      mode: "classroom",
    });
  });

  it("refuses a bad PORT or mode with what to use instead", () => {
    expect(serverSettings({ PORT: "http" })).toMatchObject({ ok: false, message: expect.stringMatching(/1 to 65535/) });
    expect(serverSettings({ CLUSTERLAB_MODE: "lan" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/local.*classroom/),
    });
  });

  it("keeps the submissions fast path on unless CLUSTERLAB_SUBMISSION_FAST_PATH=0; refuses other values (ADR 0035)", () => {
    expect(serverSettings({ CLUSTERLAB_MODE: "classroom" })).toMatchObject({ ok: true, submissionFastPath: true });
    expect(serverSettings({ CLUSTERLAB_SUBMISSION_FAST_PATH: "1" })).toMatchObject({ submissionFastPath: true });
    expect(serverSettings({ CLUSTERLAB_SUBMISSION_FAST_PATH: "0" })).toMatchObject({ submissionFastPath: false });
    expect(serverSettings({ CLUSTERLAB_SUBMISSION_FAST_PATH: "off" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/CLUSTERLAB_SUBMISSION_FAST_PATH=off is not 0 or 1/),
    });
  });

  it.each(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])("%s is a loopback bind", (h) =>
    expect(isLoopbackBind(h)).toBe(true),
  );
  it.each(["0.0.0.0", "::", "localhost.evil.example", "127.0.0.1.nip.io", "10.0.0.1"])("%s is not", (h) =>
    expect(isLoopbackBind(h)).toBe(false),
  );
});

describe("the front server's listener (real node:http, a stand-in for Next's handler)", () => {
  const servers: Array<http.Server> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** A listener like scripts/server.mjs builds; the stand-in handler echoes the headers Next would receive. */
  async function serve(
    opts: {
      mode?: string;
      trustProxy?: boolean;
      consoleRemote?: boolean;
      answerFirst?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
    } = {},
  ) {
    const g = {};
    const state = installFrontServer({ port: 3000, consoleRemote: opts.consoleRemote ?? false }, g);
    const keys: Array<string> = [];
    const server = http.createServer(
      createListener({
        handle: (req, res) => {
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(req.headers));
        },
        state,
        mode: opts.mode ?? "local",
        trustProxy: opts.trustProxy ?? false,
        onNewKey: (k) => keys.push(k),
        answerFirst: opts.answerFirst ?? null,
      }),
    );
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { state, keys, origin };
  }

  it("overwrites a client-sent x-clusterlab-peer with the socket's address and drops forged forwarding headers", async () => {
    const { origin } = await serve();
    const res = await fetch(`${origin}/labs/wka`, {
      headers: {
        "x-clusterlab-peer": "192.168.1.20",
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-host": "127.0.0.1",
        "x-real-ip": "127.0.0.1",
      },
    });
    const seen = (await res.json()) as Record<string, string>;
    expect(seen["x-clusterlab-peer"]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(seen["x-forwarded-for"]).toBeUndefined();
    expect(seen["x-forwarded-host"]).toBeUndefined();
    expect(seen["x-real-ip"]).toBeUndefined();
  });

  it("gives the fast-path hook the stamped request with the security headers set; what it declines goes to Next", async () => {
    const seenByHook: Array<string> = [];
    const { origin } = await serve({
      mode: "classroom",
      answerFirst: (req, res) => {
        seenByHook.push(`${req.method} ${req.url} peer=${req.headers["x-clusterlab-peer"]}`);
        if (req.url !== "/api/submissions") return false;
        res.writeHead(201, { "content-type": "application/json" }).end('{"by":"hook"}');
        return true;
      },
    });
    const answered = await fetch(`${origin}/api/submissions`, {
      method: "POST",
      headers: { "x-clusterlab-peer": "192.168.1.20" },
      body: "{}",
    });
    expect(answered.status).toBe(201);
    expect(await answered.json()).toEqual({ by: "hook" });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answered.headers.get(name)).toBe(value);
    const declined = (await (await fetch(`${origin}/labs`)).json()) as Record<string, string>;
    expect(declined["x-clusterlab-peer"]).toMatch(/127\.0\.0\.1$/);
    expect(seenByHook).toEqual([
      expect.stringMatching(/^POST \/api\/submissions peer=(::ffff:)?127\.0\.0\.1$/),
      expect.stringMatching(/^GET \/labs peer=/),
    ]);
  });

  it("keeps X-Forwarded-For for a trusted proxy (classroom), but still overwrites the peer header", async () => {
    const { origin } = await serve({ trustProxy: true, mode: "classroom" });
    const seen = (await (
      await fetch(`${origin}/`, { headers: { "x-clusterlab-peer": "10.9.9.9", "x-forwarded-for": "203.0.113.7" } })
    ).json()) as Record<string, string>;
    expect(seen["x-forwarded-for"]).toBe("203.0.113.7");
    expect(seen["x-clusterlab-peer"]).toMatch(/127\.0\.0\.1$/);
  });

  it("sends the anti-framing headers on every response (M9)", async () => {
    const { origin } = await serve();
    for (const path of ["/", "/console/open?key=wrong", "/_next/static/x.js"]) {
      const res = await fetch(`${origin}${path}`, { redirect: "manual" });
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });

  it("exchanges the one-time key for an HttpOnly SameSite=Strict cookie once, then prints a fresh key (M4)", async () => {
    const { origin, state, keys } = await serve();
    const url = openUrl(origin, state);
    const first = await fetch(`${url}&next=/labs/wka`, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/labs/wka");
    expect(first.headers.get("set-cookie")).toBe(
      `clusterlab-console-3000=${String(state.get("token"))}; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(keys).toHaveLength(1);
    expect(openUrl(origin, state)).not.toBe(url);
    const again = await fetch(url, { redirect: "manual" });
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toMatch(/already used.*newest link printed in the terminal/);
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example"])(
    "never redirects off-site after the exchange (next=%s goes to /labs)",
    async (next) => {
      const { origin, state } = await serve();
      const res = await fetch(`${openUrl(origin, state)}&next=${encodeURIComponent(next)}`, { redirect: "manual" });
      expect(res.headers.get("location")).toBe("/labs");
    },
  );

  it("refuses a wrong key, and the exchange in classroom mode", async () => {
    const { origin } = await serve();
    expect((await fetch(`${origin}/console/open?key=${"a".repeat(43)}`, { redirect: "manual" })).status).toBe(403);
    const classroom = await serve({ mode: "classroom" });
    expect((await fetch(openUrl(classroom.origin, classroom.state), { redirect: "manual" })).status).toBe(404);
  });

  it("records the front server for the app: token, cookie name per port, remote flag", () => {
    const g = {};
    const state = installFrontServer({ port: 4123, consoleRemote: true }, g);
    expect(String(state.get("token"))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(state.get("front")).toEqual({ cookieName: "clusterlab-console-4123", consoleRemote: true });
    expect(state).toBe((g as Record<symbol, unknown>)[Symbol.for("clusterlab.console.state")]);
  });
});
