// Lab console: a node's last log lines (GET ?node=&tail=), through lib/labs logsLab as `clusterlab lab logs`.
import { logsLab } from "@/lib/labs";
import { consoleRuntime, runtimeKindFor, workspaceFor } from "@/lib/console/context";
import { BadRequestError, consoleRoute, json } from "@/lib/console/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(async ({ request, lab }) => {
  const url = new URL(request.url);
  const node = url.searchParams.get("node");
  if (!node) throw new BadRequestError("Say which node: ?node=<name>.");
  const tail = Math.min(Math.max(Number.parseInt(url.searchParams.get("tail") ?? "200", 10) || 200, 1), 2_000);
  const workspace = workspaceFor(lab.definition.id);
  const runtime = await consoleRuntime(runtimeKindFor(lab, workspace));
  return json({ node, text: await logsLab({ lab, workspace, runtime, node, tail }) });
}, { mutating: false });
