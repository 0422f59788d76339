import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { defineCheck, pass } from "@/lib/grading";
import type { LabCheckContext } from "./check-context";
import { defineLab } from "./schema";
import { buildTopology } from "./topology";

const lab = defineLab({
  id: "shares",
  title: "t",
  topology: {
    nodes: [
      { name: "node1", role: "carbon" },
      { name: "node2", role: "carbon" },
    ],
    shares: ["userstores"],
  },
  runtimes: ["docker"],
  checks: [
    defineCheck<LabCheckContext>({
      id: "c",
      title: "c",
      points: 1,
      hint: { nudge: "n" },
      run: async () => pass("x", "x"),
    }),
  ],
});

function workspace(files: Record<string, string>): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-topology-test-"));
  onTestFinished(() => fs.rmSync(ws, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, file), content);
  }
  return ws;
}

test("a node's fstab becomes its mounts and is not copied into its home; a node without one mounts nothing", () => {
  const ws = workspace({
    "node1/repository/conf/deployment.toml": "[server]\n",
    "node1/fstab": "nfs:/userstores /opt/clusterlab/carbon/repository/deployment/server/userstores nfs defaults 0 0\n",
    "node2/repository/conf/deployment.toml": "[server]\n",
  });
  const topology = buildTopology({ lab, workspace: ws, session: "shares-1" });
  const [node1, node2] = topology.nodes;
  expect(node1?.files?.map((f) => f.path)).toEqual(["/opt/clusterlab/carbon/repository/conf/deployment.toml"]);
  expect(node1?.mounts).toEqual([
    { share: "userstores", path: "/opt/clusterlab/carbon/repository/deployment/server/userstores", readOnly: false },
  ]);
  expect(node2?.mounts).toEqual([]);
});

test("an fstab with errors stops the topology with file:line (the static checks normally catch it first)", () => {
  const ws = workspace({ "node1/fstab": "nfs:/nope /opt/clusterlab/carbon/x nfs\n" });
  expect(() => buildTopology({ lab, workspace: ws, session: "shares-1" })).toThrow(
    /node1\/fstab:1:1: error \[fstab-unknown-share\]/,
  );
});

test("an fstab that is not a readable file is an error, never silently 'no mounts'", () => {
  const ws = workspace({ "node1/fstab/oops": "x" });
  expect(() => buildTopology({ lab, workspace: ws, session: "shares-1" })).toThrow(/fstab-unreadable.*it is a folder/);
});

test("the node's workspace files count: a share over their folder is refused with the files named", () => {
  const ws = workspace({
    "node1/repository/conf/deployment.toml": "[server]\n",
    "node1/fstab": "nfs:/userstores /opt/clusterlab/carbon/repository nfs defaults 0 0\n",
  });
  expect(() => buildTopology({ lab, workspace: ws, session: "shares-1" })).toThrow(
    /fstab-hides-files.*repository\/conf\/deployment\.toml/,
  );
});
