// Lab console: server-sent events of the current (or last) operation; `?after=<seq>` resumes after a reconnect.
import { consoleRoute } from "@/app/api/_shared/console";
import { consoleHub } from "@/lib/console/hub";
import type { ConsoleEvent } from "@/lib/console/events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A comment line now and then keeps proxies and the browser from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export const GET = consoleRoute(
  async ({ request, lab }) => {
    const url = new URL(request.url);
    const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("after") ?? "0";
    const after = Number.isInteger(Number(lastEventId)) ? Number(lastEventId) : 0;
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (event: ConsoleEvent) =>
          controller.enqueue(encoder.encode(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`));
        const unsubscribe = consoleHub().subscribe(lab.definition.id, send, after);
        const keepalive = setInterval(() => controller.enqueue(encoder.encode(": keepalive\n\n")), KEEPALIVE_MS);
        cleanup = () => {
          clearInterval(keepalive);
          unsubscribe();
        };
        // The page went away: stop listening (the operation itself keeps running).
        request.signal.addEventListener("abort", () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        connection: "keep-alive",
      },
    });
  },
  { mutating: false },
);
