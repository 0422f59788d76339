// Lab console: start init/solve/reset/up/check/down in the background (202 + operation id), or cancel the running one.
import { z } from "zod";
import { consoleActionSchema } from "@/lib/console/events";
import { consoleHub } from "@/lib/console/hub";
import { consoleRoute, json, readJsonBody } from "@/lib/console/http";
import { startAction } from "@/lib/console/operations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const actionSchema = z.union([
  z.object({ action: consoleActionSchema, force: z.boolean().default(false) }),
  z.object({ action: z.literal("cancel") }),
]);

export const POST = consoleRoute(async ({ request, lab }) => {
  const body = await readJsonBody(request, actionSchema, 4_000);
  if (body.action === "cancel") return json({ cancelled: consoleHub().cancel(lab.definition.id) });
  const op = startAction({ lab, action: body.action, force: body.force });
  return json({ operation: op.id, action: op.action, startedAt: op.startedAt }, 202);
}, { mutating: true });
