import { describe, expect, it } from "vitest";

// This file's server runs in classroom mode (lib/env reads it on first use).
process.env.CLUSTERLAB_MODE = "classroom";
const { consoleRoute } = await import("@/app/api/_shared/console");
const { consoleToken } = await import("./token");

describe("consoleRoute in classroom mode", () => {
  it("answers 404 with the CLI advice and never runs the handler (no Docker, no files)", async () => {
    let ran = false;
    const route = consoleRoute(
      async () => {
        ran = true;
        return new Response("ran");
      },
      { mutating: true },
    );
    const request = new Request("http://127.0.0.1:3000/api/labs/sample/actions", {
      method: "POST",
      headers: {
        host: "127.0.0.1:3000",
        origin: "http://127.0.0.1:3000",
        "x-clusterlab-console-token": consoleToken(),
      },
      body: '{"action":"up"}',
    });
    const res = await route(request, { params: Promise.resolve({ lab: "sample" }) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/only in local mode.*clusterlab lab/);
    expect(ran).toBe(false);
  });
});

describe("console request bodies (one HTTP toolkit, ADR 0016)", () => {
  it("refuses a body over the cap with 413 while it streams in, counting bytes, not characters", async () => {
    const { readConsoleBody } = await import("./http");
    const { HttpError } = await import("@/lib/http/json");
    const { z } = await import("zod");
    const schema = z.object({ text: z.string() });
    // 1,500 two-byte characters: 1,500 UTF-16 units (the old reader let this through a 2,000 cap), over 3,000 bytes.
    const body = JSON.stringify({ text: "é".repeat(1_500) });
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless: a reader that buffered the whole body before checking would never return.
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? body : "x".repeat(1_000)));
      },
    });
    const request = new Request("http://127.0.0.1:3000/x", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expect(readConsoleBody(request, schema, 2_000)).rejects.toSatisfy(
      (e: unknown) => e instanceof HttpError && e.status === 413,
    );
    expect(pulled).toBeLessThan(5);
    const bad = new Request("http://127.0.0.1:3000/x", { method: "POST", body: "{nope" });
    await expect(readConsoleBody(bad, schema, 2_000)).rejects.toSatisfy(
      (e: unknown) => e instanceof HttpError && e.status === 400,
    );
    const wrong = new Request("http://127.0.0.1:3000/x", { method: "POST", body: '{"text":1}' });
    await expect(readConsoleBody(wrong, schema, 2_000)).rejects.toSatisfy(
      (e: unknown) => e instanceof HttpError && e.status === 400 && e.issues.some((i) => i.startsWith("text:")),
    );
  });
});
