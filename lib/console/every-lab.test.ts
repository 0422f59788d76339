/**
 * Issue #8: "a learner can do every lab of the catalogue from the browser alone". The browser suite walks the WKA
 * lab end to end; this proves the edit part of EVERY catalogue lab through the console's own route handlers (the
 * requests the page sends, guard and token included), without Docker or a browser: Init (POST actions), the file
 * list (GET state), each file of the lab's solution/ opened (GET files) and saved with the solution's content
 * (PUT files: path confinement, size limits, atomic write), then the workspace holds exactly
 * starter-overlaid-with-solution and the static checks `up` runs first report no error the lab does not ignore.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "@/lib/labs/files";
import type { ConsoleEvent } from "./events";
import { consoleStateSchema, lintViewSchema } from "./state-schema";

// The console's workspaces for this file: a temp folder; local mode (lib/env reads both on first use).
const root = fs.mkdtempSync(path.join(os.tmpdir(), "console-every-lab-"));
process.env.CLUSTERLAB_WORKSPACES_DIR = root;
delete process.env.CLUSTERLAB_MODE;

const { getLabRegistry } = await import("@/labs");
const { consoleDesk } = await import("@/app/api/_shared/console");
const { consoleHub } = await import("./hub");
const { consoleToken } = await import("./token");
const { installFrontServerForTests } = await import("./front-server");
// Stand in for scripts/server.mjs, which records itself and stamps the socket's peer address on every request.
installFrontServerForTests();
const { MAX_FILE_BYTES } = await import("./workspace-state");
const actionsRoute = await import("@/app/api/labs/[lab]/actions/route");
const stateRoute = await import("@/app/api/labs/[lab]/state/route");
const filesRoute = await import("@/app/api/labs/[lab]/files/route");

const labs = consoleDesk().registry.list();
const workspaceFor = (id: string) => consoleDesk().workspaceFor(id);
const ORIGIN = "http://127.0.0.1:3000";

/** A request as the lab page sends it: loopback host, same origin, the page's token. */
function call(
  route: (req: Request, ctx: { params: Promise<{ lab: string }> }) => Promise<Response>,
  lab: string,
  pathAndQuery: string,
  init: { method: string; body?: unknown } = { method: "GET" },
) {
  const request = new Request(`${ORIGIN}/api/labs/${lab}/${pathAndQuery}`, {
    method: init.method,
    headers: {
      host: "127.0.0.1:3000",
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      "x-clusterlab-peer": "127.0.0.1",
      "x-clusterlab-console-token": consoleToken(),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return route(request, { params: Promise.resolve({ lab }) });
}

async function ok<T>(res: Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = (await r.json()) as T;
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body;
}
/** relative path -> bytes of every regular file under each dir, later dirs laid over earlier ones. */
function overlay(...dirs: Array<string>): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const dir of dirs) for (const file of listFiles(dir)) out.set(file, fs.readFileSync(path.join(dir, file)));
  return out;
}

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the console can do the edit part of every catalogue lab", () => {
  it("serves the same catalogue the CLI uses (labs/index.ts getLabRegistry)", () => {
    expect(labs.map((l) => l.definition.id)).toEqual(
      getLabRegistry()
        .list()
        .map((l) => l.definition.id),
    );
    expect(labs.length).toBeGreaterThan(1);
  });

  it.each(labs.map((lab) => [lab.definition.id, lab] as const))(
    "%s: init, write every solution file, lint clean",
    async (id, lab) => {
      const workspace = workspaceFor(id);
      expect(path.dirname(workspace)).toBe(fs.realpathSync(root));

      // Init: the button's POST, run in the background by the hub; wait for it as the page's event stream would.
      const events: Array<ConsoleEvent> = [];
      const stop = consoleHub().subscribe(id, (e) => events.push(e));
      const started = await ok<{ operation: string }>(
        call(actionsRoute.POST, id, "actions", { method: "POST", body: { action: "init" } }),
        202,
      );
      await consoleHub().idle(id);
      stop();
      const finished = events.find((e) => e.type === "finished" && e.operation === started.operation);
      expect(finished, JSON.stringify(events)).toMatchObject({ type: "finished", action: "init", outcome: "ok" });

      const solutionFiles = listFiles(lab.solutionDir);
      expect(solutionFiles.length, `${id} has no solution files`).toBeGreaterThan(0);
      // Read as the page reads it (components/lab/LabConsole.tsx): through the shared wire schema, starter lint included.
      const listed = consoleStateSchema.parse(await ok(call(stateRoute.GET, id, "state"))).files.map((f) => f.path);

      for (const file of solutionFiles) {
        // The editor only edits files the list shows; the console never creates files (ADR 0011).
        expect(listed, `${id}: the file list does not offer ${file}, so the browser cannot edit it`).toContain(file);
        const bytes = fs.readFileSync(path.join(lab.solutionDir, file));
        const content = bytes.toString("utf8");
        // The browser sends a JSON string: the file must survive the UTF-8 round trip and the route's size limit.
        expect(Buffer.from(content, "utf8").equals(bytes), `${id}: ${file} is not UTF-8 text`).toBe(true);
        expect(bytes.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
        const opened = await ok<{ path: string }>(call(filesRoute.GET, id, `files?path=${encodeURIComponent(file)}`));
        expect(opened.path).toBe(file);
        const saved = await ok<{ saved: string; lint: unknown }>(
          call(filesRoute.PUT, id, "files", { method: "PUT", body: { path: file, content } }),
        );
        expect(saved.saved).toBe(file);
        expect(lintViewSchema.safeParse(saved.lint).success, JSON.stringify(saved.lint)).toBe(true);
      }

      const expected = overlay(lab.starterDir, lab.solutionDir);
      const actual = overlay(workspace);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [file, bytes] of expected)
        expect(actual.get(file)?.equals(bytes), `${id}: ${file} differs from starter+solution`).toBe(true);

      // The diagnostics the page shows after Save: the same lintLabWorkspace `up` runs, with the lab's lint.ignore.
      const state = consoleStateSchema.parse(await ok(call(stateRoute.GET, id, "state")));
      expect(state.initialised).toBe(true);
      expect(state.lint, JSON.stringify(state.lint)).toMatchObject({ available: true });
      const errors = state.lint.available ? state.lint.diagnostics.filter((d) => d.severity === "error") : [];
      expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    },
  );
});
