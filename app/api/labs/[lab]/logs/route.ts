// Lab console: a node's last log lines (GET ?node=&tail=), through the lab desk as `clusterlab lab logs`.
import { consoleRoute } from "@/app/api/_shared/console";
import { HttpError, json } from "@/lib/console/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = consoleRoute(
  async ({ request, lab, desk }) => {
    const url = new URL(request.url);
    const node = url.searchParams.get("node");
    if (!node) throw new HttpError(400, "Say which node: ?node=<name>.");
    const tail = Math.min(Math.max(Number.parseInt(url.searchParams.get("tail") ?? "200", 10) || 200, 1), 2_000);
    return json(200, { node, text: await desk.logs(lab.definition.id, node, {}, { tail }) });
  },
  { mutating: false },
);
