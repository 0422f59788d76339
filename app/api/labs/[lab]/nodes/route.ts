// Lab console: stop, start, kill, pause or resume one node in the background (202 + operation id), as `clusterlab lab node`.
import { z } from "zod";
import { consoleRoute } from "@/app/api/_shared/console";
import { json, readConsoleBody } from "@/lib/console/http";
import { startNodeAction } from "@/lib/console/operations";
import { NODE_OPERATIONS } from "@/lib/labs";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const nodeActionSchema = z.object({ node: z.string().min(1).max(64), operation: z.enum(NODE_OPERATIONS) });

export const POST = consoleRoute(
  async ({ request, lab, desk }) => {
    const body = await readConsoleBody(request, nodeActionSchema, 4_000);
    const op = startNodeAction({ desk, labId: lab.definition.id, node: body.node, operation: body.operation });
    return json(202, { operation: op.id, action: op.action, startedAt: op.startedAt });
  },
  { mutating: true },
);
