/**
 * L6: a learner's load balancer can stream an endless body into the grader. httpProbe must read at most
 * maxBodyBytes, then cancel the response, instead of buffering everything until its deadline.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpProbe } from "./http";

const CHUNK = Buffer.alloc(256 * 1024, "a");
const LIMIT = 256 * 1024 * 1024; // the server stops by itself after 256 MiB, whatever the client does
let server: http.Server;
let url: string;
let sent = 0;
let closed: Promise<void>;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    sent = 0;
    closed = new Promise((resolve) => res.once("close", () => resolve()));
    res.writeHead(200, { "content-type": "text/plain" });
    const pump = () => {
      while (sent < LIMIT && !res.destroyed) {
        sent += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("httpProbe on an endless body (L6)", () => {
  it("returns the first maxBodyBytes and cancels the stream", async () => {
    const started = Date.now();
    const result = await httpProbe(url, { timeoutMs: 4_000, maxBodyBytes: 10_000 });
    expect(result.ok).toBe(true);
    expect(result.ok && result.body.length).toBe(10_000);
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
    // The server could push a few socket buffers before the cancel reached it, never the whole stream.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it("still returns a short body whole", async () => {
    const small = http.createServer((_req, res) => res.end("hello"));
    await new Promise<void>((r) => small.listen(0, "127.0.0.1", r));
    const result = await httpProbe(`http://127.0.0.1:${(small.address() as AddressInfo).port}/`, {
      maxBodyBytes: 10_000,
    });
    await new Promise((r) => small.close(r));
    expect(result).toMatchObject({ ok: true, status: 200, body: "hello" });
  });
});
