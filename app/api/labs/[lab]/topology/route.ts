// Lab console: the live topology snapshot (node states, each node's membership view, who served the last LB request).
import { consoleRoute } from "@/app/api/_shared/console";
import { json } from "@/lib/console/http";
import { takeTopologySnapshot } from "@/lib/console/topology-snapshot";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(
  async ({ lab, desk }) => {
    const id = lab.definition.id;
    return json(200, await takeTopologySnapshot(lab, desk.workspaceFor(id), await desk.runtimeFor(id)));
  },
  { mutating: false },
);
