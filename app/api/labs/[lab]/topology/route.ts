// Lab console: the live topology snapshot (node states, each node's membership view, who served the last LB request).
import { consoleRuntime, runtimeKindFor, workspaceFor } from "@/lib/console/context";
import { consoleRoute, json } from "@/lib/console/http";
import { takeTopologySnapshot } from "@/lib/console/topology-snapshot";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(async ({ lab }) => {
  const workspace = workspaceFor(lab.definition.id);
  const runtime = await consoleRuntime(runtimeKindFor(lab, workspace));
  return json(await takeTopologySnapshot(lab, workspace, runtime));
}, { mutating: false });
