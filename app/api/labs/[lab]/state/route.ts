// Lab console: the workspace (files, static-check diagnostics), the running operation and the session.
import { readSession } from "@/lib/labs";
import { workspaceFor } from "@/lib/console/context";
import { consoleHub } from "@/lib/console/hub";
import { consoleRoute, json } from "@/lib/console/http";
import { workspaceState } from "@/lib/console/workspace-state";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(async ({ lab }) => {
  const id = lab.definition.id;
  const workspace = workspaceFor(id);
  const running = consoleHub().running(id);
  const session = readSession(workspace);
  return json({
    lab: id,
    workspace,
    ...(await workspaceState(lab, workspace)),
    session: session ? { session: session.session, runtime: session.runtime, startedAt: session.startedAt, endpoints: session.endpoints } : null,
    running: running ? { operation: running.id, action: running.action, startedAt: running.startedAt } : null,
  });
}, { mutating: false });
