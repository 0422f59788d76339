// Lab console: read one workspace file (GET ?path=) or overwrite it (PUT { path, content }), answering with fresh diagnostics.
import { z } from "zod";
import { workspaceFor } from "@/lib/console/context";
import { BadRequestError, consoleRoute, json, readJsonBody } from "@/lib/console/http";
import { lintWorkspaceView, readWorkspaceFile, writeWorkspaceFile, MAX_FILE_BYTES } from "@/lib/console/workspace-state";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(async ({ request, lab }) => {
  const file = new URL(request.url).searchParams.get("path");
  if (file === null) throw new BadRequestError("Say which file: ?path=<file from the list>.");
  return json(readWorkspaceFile(workspaceFor(lab.definition.id), file));
}, { mutating: false });

const writeSchema = z.object({ path: z.string().min(1).max(512), content: z.string().max(MAX_FILE_BYTES) });

export const PUT = consoleRoute(async ({ request, lab }) => {
  const body = await readJsonBody(request, writeSchema, MAX_FILE_BYTES * 2);
  const workspace = workspaceFor(lab.definition.id);
  writeWorkspaceFile(workspace, body.path, body.content);
  // Only the diagnostics: the file list and manifest the full workspaceState reads did not change.
  return json({ saved: body.path, lint: await lintWorkspaceView(lab, workspace) });
}, { mutating: true });
