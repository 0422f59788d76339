// Lab console: the workspace (files, static-check diagnostics), the running operation and the session.
import { consoleRoute } from "@/app/api/_shared/console";
import { consoleHub } from "@/lib/console/hub";
import { json } from "@/lib/console/http";
import type { ConsoleStateWire } from "@/lib/console/state-schema";
import { workspaceState } from "@/lib/console/workspace-state";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(
  async ({ lab, desk }) => {
    const id = lab.definition.id;
    const workspace = desk.workspaceFor(id);
    const running = consoleHub().running(id);
    const session = desk.session(id);
    // Typed by the schema the page validates with: a field added or renamed here must change it too.
    const state: ConsoleStateWire = {
      lab: id,
      workspace,
      ...(await workspaceState(lab, workspace)),
      session: session
        ? {
            session: session.session,
            runtime: session.runtime,
            startedAt: session.startedAt,
            endpoints: session.endpoints,
          }
        : null,
      running: running ? { operation: running.id, action: running.action, startedAt: running.startedAt } : null,
    };
    return json(200, state);
  },
  { mutating: false },
);
