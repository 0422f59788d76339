import { describe, expect, it } from "vitest";

// This file's server runs in classroom mode (lib/env reads it on first use).
process.env.CLUSTERLAB_MODE = "classroom";
const { consoleRoute } = await import("./http");
const { consoleToken } = await import("./token");

describe("consoleRoute in classroom mode", () => {
  it("answers 404 with the CLI advice and never runs the handler (no Docker, no files)", async () => {
    let ran = false;
    const route = consoleRoute(async () => {
      ran = true;
      return new Response("ran");
    }, { mutating: true });
    const request = new Request("http://127.0.0.1:3000/api/labs/sample/actions", {
      method: "POST",
      headers: { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "x-clusterlab-console-token": consoleToken() },
      body: '{"action":"up"}',
    });
    const res = await route(request, { params: Promise.resolve({ lab: "sample" }) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/only in local mode.*clusterlab lab/);
    expect(ran).toBe(false);
  });
});
