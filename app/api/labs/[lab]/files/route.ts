// Lab console: read one workspace file (GET ?path=) or overwrite it (PUT { path, content }), answering with fresh diagnostics.
import { z } from "zod";
import { consoleRoute } from "@/app/api/_shared/console";
import { HttpError, json, readConsoleBody } from "@/lib/console/http";
import type { LintViewWire } from "@/lib/console/state-schema";
import {
  lintWorkspaceView,
  readWorkspaceFile,
  writeWorkspaceFile,
  MAX_FILE_BYTES,
} from "@/lib/console/workspace-state";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(
  async ({ request, lab, desk }) => {
    const file = new URL(request.url).searchParams.get("path");
    if (file === null) throw new HttpError(400, "Say which file: ?path=<file from the list>.");
    return json(200, readWorkspaceFile(desk.workspaceFor(lab.definition.id), file));
  },
  { mutating: false },
);

const writeSchema = z.object({ path: z.string().min(1).max(512), content: z.string().max(MAX_FILE_BYTES) });

export const PUT = consoleRoute(
  async ({ request, lab, desk }) => {
    // Twice the file cap: JSON escaping can double a file's size on the wire.
    const body = await readConsoleBody(request, writeSchema, MAX_FILE_BYTES * 2);
    const workspace = desk.workspaceFor(lab.definition.id);
    writeWorkspaceFile(workspace, body.path, body.content);
    // Only the diagnostics: the file list and manifest the full workspaceState reads did not change.
    // The page validates `lint` with lintViewSchema (lib/console/state-schema.ts): the type says it fits.
    const lint: LintViewWire = await lintWorkspaceView(lab, workspace);
    return json(200, { saved: body.path, lint });
  },
  { mutating: true },
);
