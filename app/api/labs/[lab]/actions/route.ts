// Lab console: start init/solve/reset/up/check/down in the background (202 + operation id), or cancel the running one.
import { z } from "zod";
import { consoleRoute } from "@/app/api/_shared/console";
import { consoleActionSchema } from "@/lib/console/events";
import { consoleHub } from "@/lib/console/hub";
import { json, readConsoleBody } from "@/lib/console/http";
import { startAction } from "@/lib/console/operations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const actionSchema = z.union([
  z.object({ action: consoleActionSchema, force: z.boolean().default(false) }),
  z.object({ action: z.literal("cancel") }),
]);

export const POST = consoleRoute(
  async ({ request, lab, desk }) => {
    const body = await readConsoleBody(request, actionSchema, 4_000);
    if (body.action === "cancel") return json(200, { cancelled: consoleHub().cancel(lab.definition.id) });
    const op = startAction({ desk, labId: lab.definition.id, action: body.action, force: body.force });
    return json(202, { operation: op.id, action: op.action, startedAt: op.startedAt });
  },
  { mutating: true },
);
