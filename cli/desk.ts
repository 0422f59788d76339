/**
 * The CLI's composition root for the lab verbs: one lab desk (lib/labs/desk.ts) built from the catalogue
 * (labs/index.ts), with workspaces under `<cwd>/workspaces/<lab>` unless `--workspace` names one, fresh runtimes
 * (a CLI process is one command), and report delivery that closes the database afterwards.
 */
import path from "node:path";
import { createLabDesk, type LabDesk } from "@/lib/labs";
import { openRuntime } from "@/lib/labs/runtimes";
import { createReportDelivery } from "@/lib/submissions/deliver";
import { getLabRegistry } from "@/labs/index";

let desk: LabDesk | undefined;

export function cliDesk(): LabDesk {
  desk ??= createLabDesk({
    registry: getLabRegistry(),
    workspacesDir: path.join(process.cwd(), "workspaces"),
    openRuntime,
    deliver: createReportDelivery({ closeDatabase: true }),
  });
  return desk;
}
