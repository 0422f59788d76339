/**
 * Attack suite, local mode: the security review's H2, M4 and L15 recipes (docs/security-review H2/M4/L15) run against
 * the real built server as `npm start` serves it (scripts/server.mjs on 127.0.0.1). A test fails if the console token
 * can be read or used by anyone who did not open the one-time link printed in the terminal.
 * No Docker is needed: every console call here is a read or is refused before it reaches a runtime.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tests/e2e/support/next-app";
import { builtTree, runBriefly, startLocalServer, type LocalServer } from "./support/local-server";

const LAB = "wka";
/** The review's grep for a token rendered into the page (43 base64url characters near the word "token"). */
const RENDERED_TOKEN = /token[^A-Za-z0-9_-]{1,8}[A-Za-z0-9_-]{43}/;

let root: string;
let server: LocalServer;

beforeAll(async () => {
  root = await builtTree();
  server = await startLocalServer(root);
}, 1_200_000);

afterAll(async () => {
  await server?.stop();
});

describe("lab console trust under npm start (local mode)", () => {
  it("H2: the lab page never carries the token, whatever Host or X-Forwarded-For a client claims", async () => {
    const claims: Array<Record<string, string>> = [
      {},
      { host: `127.0.0.1:${server.port}` },
      { host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1", "x-clusterlab-peer": "127.0.0.1" },
    ];
    for (const headers of claims) {
      const res = await fetch(`${server.baseUrl}/labs/${LAB}`, { headers });
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).not.toMatch(RENDERED_TOKEN);
      expect(html).toMatch(/one-time console link printed in the terminal/);
      expect(html).not.toMatch(/data-action="up"/);
    }
  });

  it("H2: forged Host / X-Forwarded-For / peer headers without the cookie are refused on every console route", async () => {
    const forged = {
      host: "127.0.0.1:3000",
      "x-forwarded-for": "127.0.0.1",
      "x-clusterlab-peer": "127.0.0.1",
      origin: "http://127.0.0.1:3000",
      "content-type": "application/json",
    };
    for (const route of ["state", "files?path=node1/repository/conf/deployment.toml", "topology", "logs?node=node1"]) {
      const res = await fetch(`${server.baseUrl}/api/labs/${LAB}/${route}`, { headers: forged });
      expect(res.status, route).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/one-time console link/);
    }
    const up = await fetch(`${server.baseUrl}/api/labs/${LAB}/actions`, {
      method: "POST",
      headers: forged,
      body: '{"action":"up"}',
    });
    expect(up.status).toBe(403);
  });

  it("M4: the one-time link sets an HttpOnly SameSite=Strict cookie once; reusing it fails; the terminal shows a fresh one", async () => {
    const link = server.openUrl();
    const first = await fetch(`${link}&next=/labs/${LAB}`, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/labs/${LAB}`);
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      new RegExp(`^clusterlab-console-${server.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`),
    );
    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(server.openUrl()).not.toBe(link);

    const jar = cookie.split(";")[0] ?? "";
    const state = await fetch(`${server.baseUrl}/api/labs/${LAB}/state`, { headers: { cookie: jar } });
    expect(state.status).toBe(200);
    const page = await (await fetch(`${server.baseUrl}/labs/${LAB}`, { headers: { cookie: jar } })).text();
    expect(page).toMatch(/data-action="up"/);
    expect(page).not.toContain(jar.split("=")[1]);
  });

  it("M4: a signed-in browser's cookie does not help a cross-origin page change anything", async () => {
    const jar = await server.signIn();
    const res = await fetch(`${server.baseUrl}/api/labs/${LAB}/actions`, {
      method: "POST",
      headers: {
        cookie: jar,
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
        "content-type": "application/json",
      },
      body: '{"action":"init"}',
    });
    expect(res.status).toBe(403);
  });

  it("L15: the token in the query string is refused on every route, the event stream included", async () => {
    const token = (await server.signIn()).split("=")[1] ?? "";
    for (const route of ["state", "events", "files?path=node1/repository/conf/deployment.toml"]) {
      const url = `${server.baseUrl}/api/labs/${LAB}/${route}${route.includes("?") ? "&" : "?"}token=${token}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      expect(res.status, route).toBe(403);
    }
  });

  it("H2: `npm start` refuses a non-loopback HOST in local mode before it builds anything, naming the opt-in", async () => {
    for (const host of ["0.0.0.0", "lab-pc.example"]) {
      const run = await runBriefly(process.execPath, [path.join(root, "scripts", "start.mjs")], root, {
        HOST: host,
        CLUSTERLAB_MODE: "local",
      });
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(/CLUSTERLAB_CONSOLE_REMOTE=1/);
      expect(run.output).not.toMatch(/Generating the Prisma client/);
      expect(run.ms).toBeLessThan(15_000);
    }
  });

  it("H2: under `next start` alone (no ClusterLab server) a client-written peer header opens nothing", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", CLUSTERLAB_MODE: "local", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "ignore",
        detached: true,
      },
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      let res: Response | undefined;
      for (let i = 0; i < 240 && !res; i++) {
        res = await fetch(`${base}/api/labs/${LAB}/state`, {
          headers: { "x-clusterlab-peer": "127.0.0.1", "x-clusterlab-console-token": "x".repeat(43) },
        }).catch(() => undefined);
        if (!res) await new Promise((r) => setTimeout(r, 250));
      }
      expect(res?.status).toBe(403);
      expect(((await res?.json()) as { error: string }).error).toMatch(/npm start/);
      const page = await (await fetch(`${base}/labs/${LAB}`)).text();
      expect(page).not.toMatch(RENDERED_TOKEN);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }
  });
});
