/**
 * The training node's lab-only line wires (one JSON object per line over TCP): the API-M Traffic Manager's ports
 * (apim/line-protocol.ts, ADR 0032) and the analytics receiver and event sync (analytics/events.ts, ADR 0034).
 * One reader, so both bound a line and parse it the same way.
 */
import type net from "node:net";
import type { z } from "zod";

/**
 * Call `onLine` with each complete, trimmed, non-empty line the socket receives. A line longer than `maxLine`
 * closes the socket: a line protocol with no limit would let one peer fill the node's memory.
 */
export function readLines(socket: net.Socket, onLine: (line: string) => void, maxLine = 16 * 1024): void {
  let buffer = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    let at: number;
    while ((at = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, at).trim();
      buffer = buffer.slice(at + 1);
      if (line) onLine(line);
    }
    if (buffer.length > maxLine) socket.destroy();
  });
}

/** `text` as JSON matching `schema`, or null. */
export function parseLine<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
