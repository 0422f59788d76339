/**
 * The cloud labs' "wrong permission" paths on the real engine: the solution with ONE permission taken away
 * (the RBAC verb get; the IAM action ec2:DescribeInstances) must fail the permission check with the API's own
 * refusal (403 Forbidden Status / UnauthorizedOperation) in the evidence, and the cluster must not form.
 * Run: npx vitest run --project docker tests/docker/lab-cloud-refusals.test.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkLab, initLab, solveLab } from "@/lib/labs";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const base = await probeDocker();
const probe =
  base.ok && !(await imageExists(base.conn, defaultImage("carbon")))
    ? {
        ok: false as const,
        reason: `image ${defaultImage("carbon")} missing (run \`clusterlab images build --offline\`)`,
      }
    : base;
const roots: Array<string> = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function solvedWorkspace(id: string): { lab: ReturnType<ReturnType<typeof getLabRegistry>["get"]>; ws: string } {
  const lab = getLabRegistry().get(id);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-${id}-refusal-`));
  roots.push(root);
  const ws = path.join(root, "ws");
  initLab(lab, ws);
  solveLab(lab, ws);
  return { lab, ws };
}

describe.skipIf(!probe.ok)(
  dockerSuiteTitle("cloud labs: a missing permission is refused by the stand-in, with its evidence", probe),
  () => {
    const conn = probe.ok ? probe.conn : (undefined as never);

    it(
      "kubernetes: without the get verb the API server answers 403 and the pods stay apart",
      { timeout: 240_000 },
      async () => {
        const { lab, ws } = solvedWorkspace("kubernetes");
        const rbac = path.join(ws, "kube-apiserver", "rbac.yaml");
        fs.writeFileSync(rbac, fs.readFileSync(rbac, "utf8").replace('verbs: ["get", "list"]', 'verbs: ["list"]'));
        const report = await checkLab({
          lab,
          workspace: ws,
          runtime: createDockerRuntime({ conn }),
          progress: () => {},
        });
        const byId = new Map(report.checks.map((c) => [c.id, c]));
        const rbacCheck = byId.get("rbac-endpoints");
        expect(rbacCheck?.status).toBe("fail");
        expect(rbacCheck?.evidence.observed).toMatch(/does not grant get on endpoints/);
        expect((rbacCheck?.evidence.log ?? []).join("\n")).toMatch(
          /system:serviceaccount:wso2:wso2svc-account get endpoints\/wso2is in wso2 -> 403 Forbidden/,
        );
        expect(rbacCheck?.hint?.fix).toMatch(/verbs: \["get", "list"\]/);
        expect(byId.get("one-cluster")?.status).toBe("fail");
      },
    );

    it(
      "aws: without ec2:DescribeInstances EC2 answers UnauthorizedOperation and the nodes stay apart",
      { timeout: 240_000 },
      async () => {
        const { lab, ws } = solvedWorkspace("aws");
        const policy = path.join(ws, "ec2", "iam-policy.json");
        fs.writeFileSync(policy, fs.readFileSync(policy, "utf8").replace(', "ec2:DescribeInstances"', ""));
        const report = await checkLab({
          lab,
          workspace: ws,
          runtime: createDockerRuntime({ conn }),
          progress: () => {},
        });
        const byId = new Map(report.checks.map((c) => [c.id, c]));
        const iam = byId.get("iam-policy");
        expect(iam?.status).toBe("fail");
        expect((iam?.evidence.log ?? []).join("\n")).toMatch(
          /DescribeInstances as wso2-discovery in eu-west-1 .* -> 403 UnauthorizedOperation/,
        );
        expect(byId.get("one-cluster")?.status).toBe("fail");
      },
    );
  },
);
