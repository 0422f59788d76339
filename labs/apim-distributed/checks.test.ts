/**
 * The file-only checks of apim-distributed (profile-datasources, profile-wiring) on the solution, the starter and
 * every corpus case that names them: no Docker, the checks read only `ctx.workspace`. The solution passes, the
 * starter fails, and each wrong workspace fails its named check with its messageIncludes and a file:line.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LabCheckContext } from "@/lib/labs";
import { apimDistributedLab } from "./lab";
import { applyEdits, FILE_ONLY_CHECK_IDS, wrongWorkspaces } from "./wrong-workspaces";

const here = import.meta.dirname;
const scratch = mkdtempSync(path.join(tmpdir(), "apim-checks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FILE_ONLY = FILE_ONLY_CHECK_IDS;

async function run(id: string, workspace: string) {
  const check = apimDistributedLab.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  // These checks read the workspace only; anything else on the context would be a bug they must not reach.
  const ctx = { workspace, signal: new AbortController().signal } as unknown as LabCheckContext;
  return check.run(ctx);
}

describe("apim-distributed file-only checks", () => {
  it.each(FILE_ONLY)("%s passes on the solution and fails on the starter with file:line", async (id) => {
    expect((await run(id, path.join(here, "solution"))).status).toBe("pass");
    const starter = await run(id, path.join(here, "starter"));
    expect(starter.status).toBe("fail");
    expect(starter.evidence.observed).toMatch(/^km\/repository\/conf\/\S+\.xml:\d+: /);
  });

  const cases = wrongWorkspaces.filter((w) => (FILE_ONLY as ReadonlyArray<string>).includes(w.failingCheck));
  it("the corpus has file-only cases", () => expect(cases.length).toBeGreaterThanOrEqual(4));

  it.each(cases.map((w) => [w.id, w] as const))("%s", async (_id, wrong) => {
    const ws = path.join(scratch, wrong.id);
    cpSync(path.join(here, "solution"), ws, { recursive: true });
    applyEdits(ws, wrong);
    const outcome = await run(wrong.failingCheck, ws);
    expect(outcome.status).toBe("fail");
    expect(outcome.evidence.observed).toContain(wrong.messageIncludes);
    const node = wrong.edits[0]?.file.split("/")[0] ?? "";
    expect(outcome.evidence.observed).toMatch(new RegExp(`${node}/repository/conf/\\S+\\.xml(:\\d+)?: `));
  });
});
