import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyText, sendJson } from "./node-http";

const servers: Array<http.Server> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the training node's HTTP helpers", () => {
  it("reads a body up to the cap and refuses one byte more while it streams", async () => {
    const url = await serve((req, res) => {
      readBodyText(req, 10).then(
        (text) => sendJson(res, 200, { text }),
        (error: unknown) =>
          sendJson(res, error instanceof BodyTooLargeError ? 413 : 500, { error: (error as Error).message }),
      );
    });
    const ok = await fetch(url, { method: "POST", body: "0123456789" });
    expect(await ok.json()).toEqual({ text: "0123456789" });
    const over = await fetch(url, { method: "POST", body: "0123456789x" });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: "request body over 10 bytes" });
  });

  it("writes JSON with its length and extra headers, and ignores a second answer instead of throwing", async () => {
    const url = await serve((_req, res) => {
      sendJson(res, 201, { ok: true }, { "X-Carbon-Node": "node1" });
      sendJson(res, 500, { error: "late" });
    });
    const res = await fetch(url);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength('{"ok":true}')));
    expect(res.headers.get("x-carbon-node")).toBe("node1");
    expect(await res.json()).toEqual({ ok: true });
  });
});
