import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { tcpConnects, waitFor, WaitFailedError, type WaitTarget } from "./wait";

const servers: Array<net.Server> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function listen(server: net.Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
}

function target(port: number, overrides: Partial<WaitTarget> = {}): WaitTarget {
  return {
    endpoint: () => ({ host: "127.0.0.1", port }),
    logs: async () => "",
    isRunning: async () => true,
    ...overrides,
  };
}

describe("waitFor", () => {
  it("port: times out while nothing listens, then resolves once a server starts listening during the wait", async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    servers.length = 0;
    await expect(waitFor({ kind: "port", port }, target(port), { deadline: Date.now() + 200 })).rejects.toBeInstanceOf(
      WaitFailedError,
    );
    const waiting = waitFor({ kind: "port", port }, target(port), { deadline: Date.now() + 5000 });
    setTimeout(() => {
      const server = net.createServer(() => {});
      servers.push(server);
      server.listen(port, "127.0.0.1");
    }, 200);
    await waiting;
  });

  it("http: waits for a status in range and reports the last status on timeout", async () => {
    let status = 503;
    const port = await listen(http.createServer((_, res) => res.writeHead(status).end()));
    const error = await waitFor({ kind: "http", port, path: "/health" }, target(port), {
      deadline: Date.now() + 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect((error as Error).message).toContain("last status 503");
    status = 200;
    await waitFor({ kind: "http", port, path: "/health" }, target(port), { deadline: Date.now() + 3000 });
  });

  it("log: matches a line with a regular expression; all: checks each part in order", async () => {
    let logs = "booting\n";
    setTimeout(() => (logs += "WSO2 Carbon started in 1.2 sec\n"), 150);
    const port = await listen(net.createServer(() => {}));
    await waitFor(
      {
        kind: "all",
        of: [
          { kind: "log", pattern: "^WSO2 Carbon started" },
          { kind: "port", port },
        ],
      },
      target(port, { logs: async () => logs }),
      { deadline: Date.now() + 3000 },
    );
  });

  it("fails fast when the node exits, instead of waiting for the deadline", async () => {
    const started = Date.now();
    const error = await waitFor({ kind: "log", pattern: "never" }, target(1, { isRunning: async () => false }), {
      deadline: Date.now() + 60_000,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/exited/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("honours an AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled by user")), 100);
    await expect(
      waitFor({ kind: "log", pattern: "never" }, target(1), {
        deadline: Date.now() + 60_000,
        signal: controller.signal,
      }),
    ).rejects.toThrow("cancelled by user");
  });
});

describe("tcpConnects with settle time", () => {
  it("rejects a listener that accepts and closes at once (what Docker's proxy does with nothing behind it)", async () => {
    const port = await listen(net.createServer((socket) => socket.destroy()));
    expect(await tcpConnects({ host: "127.0.0.1", port }, 1000, 200)).toMatch(/closed the connection/);
  });

  it("accepts a listener that keeps the connection open", async () => {
    const port = await listen(net.createServer(() => {}));
    expect(await tcpConnects({ host: "127.0.0.1", port }, 1000, 100)).toBe(true);
  });
});
