/**
 * The apim-distributed wrong-workspace corpus (labs/apim-distributed/wrong-workspaces.ts) through the lab's own
 * checks on the real engine: each behaviour case (and the databases case, which asks PostgreSQL) is the solution
 * with one wrong URL, port, database or upstream; the lab is started and its `failingCheck` must fail with evidence
 * that contains `messageIncludes`. The file-only cases are graded without Docker in labs/apim-distributed/checks.test.ts.
 * Only the failing check runs per case (the catalogue suite grades the full solution), so a case is one `up` plus
 * one check. Run with `npx vitest run --project docker tests/docker/apim-wrong-workspaces.test.ts`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkLab, initLab, solveLab, type RegisteredLab } from "@/lib/labs";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_LAB, LABEL_OWNER_PID, LABEL_SESSION } from "@/lib/runtime/labels";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { FILE_ONLY_CHECK_IDS, wrongWorkspaces } from "@/labs/apim-distributed/wrong-workspaces";
import { dockerSuiteTitle, probeDocker, withImages } from "../helpers/docker";

const lab = getLabRegistry().get("apim-distributed");
const probe = await withImages(await probeDocker(), [
  ...new Set(lab.definition.topology.nodes.map((n) => n.image ?? defaultImage(n.role))),
]);
/** Checks that only read files: graded without Docker elsewhere (labs/apim-distributed/checks.test.ts). */
const FILE_ONLY = new Set<string>(FILE_ONLY_CHECK_IDS);
const cases = wrongWorkspaces.filter((w) => !FILE_ONLY.has(w.failingCheck));

describe.skipIf(!probe.ok)(
  dockerSuiteTitle("apim-distributed: the wrong-workspace corpus fails the named check", probe),
  () => {
    const conn = probe.ok ? probe.conn : (undefined as never);
    const roots: Array<string> = [];
    const mine = (o: { labels: Record<string, string> }) => o.labels[LABEL_OWNER_PID] === String(process.pid);

    afterAll(async () => {
      if (!probe.ok) return;
      const found = await listLabelled(conn, { [LABEL_LAB]: lab.definition.id });
      const sessions = new Set(
        [...found.containers, ...found.networks]
          .filter(mine)
          .flatMap((o) => (o.labels[LABEL_SESSION] ? [o.labels[LABEL_SESSION]] : [])),
      );
      for (const session of sessions) await removeLabelled(conn, { [LABEL_SESSION]: session }).catch(() => undefined);
      for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
    });

    it("covers at least the behaviour checks the corpus names", () => {
      expect(cases.length).toBeGreaterThanOrEqual(4);
    });

    for (const wrong of cases) {
      it(
        `${wrong.id}: ${wrong.failingCheck} fails and says "${wrong.messageIncludes}"`,
        { timeout: 180_000 },
        async () => {
          const root = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-apim-wrong-${wrong.id}-`));
          roots.push(root);
          const ws = path.join(root, "ws");
          initLab(lab, ws);
          solveLab(lab, ws);
          for (const edit of wrong.edits) {
            const file = path.join(ws, edit.file);
            const text = fs.readFileSync(file, "utf8");
            expect(text.includes(edit.from), `${wrong.id}: ${edit.file}`).toBe(true);
            fs.writeFileSync(file, text.replace(edit.from, edit.to));
          }
          const only: RegisteredLab = {
            ...lab,
            definition: { ...lab.definition, checks: lab.definition.checks.filter((c) => c.id === wrong.failingCheck) },
          };
          const report = await checkLab({
            lab: only,
            workspace: ws,
            runtime: createDockerRuntime({ conn }),
            progress: () => {},
          });
          const result = report.checks.find((c) => c.id === wrong.failingCheck);
          const all = report.checks.map((c) => `${c.id}=${c.status}: ${c.evidence.observed}`).join("\n");
          expect(result?.status, all).toBe("fail");
          expect(`${result?.evidence.expected} ${result?.evidence.observed}`, all).toContain(wrong.messageIncludes);
        },
      );
    }
  },
);
