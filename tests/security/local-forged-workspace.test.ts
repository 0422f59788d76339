/**
 * Attack suite, local mode: M3 through the console. A workspace handed over by someone else carries a forged
 * `.clusterlab/session.json` (a session id that climbs out of the runtime's state folder, the process runtime for a
 * Docker lab) and a forged `.clusterlab/workspace.json` (manifest keys outside the workspace). The signed-in console's
 * Down and "discard my changes" Reset must leave everything outside the workspace alone.
 * Down reaches the lab's runtime check (Docker); without an engine it fails before touching anything, which the
 * assertions below still hold for.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtTree, startLocalServer, type LocalServer } from "./support/local-server";

const LAB = "sample";
let server: LocalServer;
let jar: string;
let victim: string;

beforeAll(async () => {
  server = await startLocalServer(await builtTree());
  jar = await server.signIn();
  victim = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-security-local-victim-"));
  fs.writeFileSync(path.join(victim, "keep"), "mine\n");
}, 1_200_000);

afterAll(async () => {
  await server?.stop();
  if (victim) fs.rmSync(victim, { recursive: true, force: true });
});

/** Press a console button as the signed-in page does, and wait (bounded) until the operation has finished. */
async function act(action: string, force = false): Promise<void> {
  const origin = server.baseUrl;
  const res = await fetch(`${origin}/api/labs/${LAB}/actions`, {
    method: "POST",
    headers: { cookie: jar, origin, "sec-fetch-site": "same-origin", "content-type": "application/json" },
    body: JSON.stringify({ action, force }),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const state = (await (await fetch(`${origin}/api/labs/${LAB}/state`, { headers: { cookie: jar } })).json()) as {
      running: unknown;
    };
    if (state.running === null) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${action} did not finish within 90 s`);
}

describe("forged .clusterlab/ files through the console (M3)", () => {
  it("Down with a session id that climbs out of the state folder deletes nothing outside", async () => {
    await act("init");
    const ws = path.join(server.workspaces, LAB);
    expect(fs.existsSync(path.join(ws, ".clusterlab"))).toBe(true);
    const session = `${"../".repeat(12)}${victim.replace(/^\//, "")}`;
    fs.writeFileSync(
      path.join(ws, ".clusterlab", "session.json"),
      JSON.stringify({
        lab: LAB,
        session,
        runtime: "process",
        startedAt: "2026-01-01T00:00:00Z",
        contentHash: "x",
        endpoints: {},
      }),
    );
    await act("down");
    expect(fs.readFileSync(path.join(victim, "keep"), "utf8")).toBe("mine\n");
  });

  it('Reset with "discard my changes" ignores manifest keys outside the workspace', async () => {
    const ws = path.join(server.workspaces, LAB);
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, ".clusterlab", "workspace.json"), "utf8")) as {
      files: Record<string, string>;
    };
    manifest.files[`${path.relative(ws, victim)}/keep`] = "0".repeat(64);
    manifest.files[path.join(victim, "keep")] = "0".repeat(64);
    fs.writeFileSync(path.join(ws, ".clusterlab", "workspace.json"), JSON.stringify(manifest));
    await act("reset", true);
    expect(fs.readFileSync(path.join(victim, "keep"), "utf8")).toBe("mine\n");
  });
});
