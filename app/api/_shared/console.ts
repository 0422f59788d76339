/**
 * The Next.js side's composition root for the lab console: one lab desk per server process, built from the
 * catalogue (labs/index.ts) with the console's workspaces folder, one runtime handle per kind (they are
 * stateless handles on the engine), and report delivery that keeps the shared database open. Console routes
 * and pages take the desk and `consoleRoute` from here; lib/console never imports the catalogue.
 */
import { createLabDesk, type LabDesk } from "@/lib/labs";
import { openRuntime } from "@/lib/labs/runtimes";
import { consoleWorkspacesDir } from "@/lib/console/context";
import { createConsoleRoute } from "@/lib/console/http";
import { processSingleton } from "@/lib/console/process-state";
import { createReportDelivery } from "@/lib/submissions/deliver";
import { getLabRegistry } from "@/labs";

export function consoleDesk(): LabDesk {
  return processSingleton("desk", () =>
    createLabDesk({
      registry: getLabRegistry(),
      workspacesDir: consoleWorkspacesDir(),
      openRuntime: (kind) => processSingleton(`runtime:${kind}`, () => openRuntime(kind)),
      deliver: createReportDelivery({ closeDatabase: false }),
    }),
  );
}

export const consoleRoute = createConsoleRoute(consoleDesk);
