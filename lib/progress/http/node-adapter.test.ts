import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { readJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/json";
import { answerNodeRequest } from "./node-adapter";

// A refused body must not break the keep-alive connection it came on: the CLI and the load balancer reuse
// connections, and the next request on it was reset when the refused body could not be drained.
const servers: Array<http.Server> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(maxBytes: number): Promise<string> {
  const server = http.createServer((req, res) => {
    void answerNodeRequest(req, res, async (request) => {
      try {
        const body = await readJsonBody(request, { maxBytes });
        return Response.json({ got: body, peerSocket: req.socket.remotePort });
      } catch (error) {
        if (error instanceof HttpError) return Response.json({ error: error.message }, { status: error.status });
        throw error;
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Two requests on ONE socket (maxSockets 1, keep-alive): the second one's status and body, and the local ports used. */
function request(
  agent: http.Agent,
  url: string,
  body: string | Array<string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; localPort: number | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, localPort: req.socket?.localPort }));
      },
    );
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
    for (const part of Array.isArray(body) ? body : [body]) req.write(part);
    req.end();
  });
}

describe("answerNodeRequest keeps keep-alive connections usable after a refused body", () => {
  test("413 on Content-Length (body never read): the next request on the same socket is answered", async () => {
    const url = await serve(1024);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await request(agent, url, "x".repeat(300 * 1024));
      expect(refused.status).toBe(413);
      const next = await request(agent, url, JSON.stringify({ ok: 1 }));
      expect(next.status).toBe(200);
      expect(JSON.parse(next.text)).toMatchObject({ got: { ok: 1 } });
      expect(next.localPort).toBe(refused.localPort);
    } finally {
      agent.destroy();
    }
  });

  test("413 while streaming (chunked, no Content-Length): the rest is drained and the socket reused", async () => {
    const url = await serve(1024);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await request(
        agent,
        url,
        Array.from({ length: 40 }, () => "y".repeat(8 * 1024)),
      );
      expect(refused.status).toBe(413);
      const next = await request(agent, url, JSON.stringify({ ok: 2 }));
      expect(next.status).toBe(200);
      expect(JSON.parse(next.text)).toMatchObject({ got: { ok: 2 } });
      expect(next.localPort).toBe(refused.localPort);
    } finally {
      agent.destroy();
    }
  });

  test("a body within the cap arrives whole", async () => {
    const url = await serve(64 * 1024);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const value = "z".repeat(40 * 1024);
      const answer = await request(agent, url, [`{"v":"`, value.slice(0, 20_000), value.slice(20_000), `"}`]);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).got.v).toBe(value);
    } finally {
      agent.destroy();
    }
  });
});
