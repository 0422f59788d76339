/**
 * Readiness: run a declared WaitStrategy against a node until it holds, its deadline passes or the
 * caller aborts. Probes are polled with a short, growing interval; there is no fixed sleep that
 * "should be enough". Runtime-neutral: the runtime supplies a WaitTarget saying how to reach the node.
 */
import net from "node:net";
import http from "node:http";
import type { HostEndpoint, WaitStrategy } from "./types";

export type WaitTarget = {
  /** Where the host reaches this container port. */
  endpoint(port: number): HostEndpoint;
  /** Combined stdout/stderr so far (or a recent tail). */
  logs(): Promise<string>;
  /** False once the node has exited: waiting longer cannot help. */
  isRunning(): Promise<boolean>;
  /**
   * How long a fresh connection must stay open to count. Docker's userland proxy accepts on the published
   * port even when nothing listens in the container, then closes at once; a real server keeps it open.
   */
  portSettleMs?: number;
  /** Why the node is not running (exit code, out of memory, removed), for the error message. */
  describeExit?: () => Promise<string>;
};

export class WaitFailedError extends Error {
  override name = "WaitFailedError";
}

export type WaitOptions = { deadline: number; signal?: AbortSignal; now?: () => number };

/** Resolves when `strategy` holds; rejects with WaitFailedError (deadline, node exited) or the abort reason. */
export async function waitFor(strategy: WaitStrategy, target: WaitTarget, options: WaitOptions): Promise<void> {
  if (strategy.kind === "all") {
    for (const part of strategy.of) await waitFor(part, target, options);
    return;
  }
  const probe = probeFor(strategy, target);
  await poll(probe, target, describe(strategy), options);
}

export function describe(strategy: WaitStrategy): string {
  switch (strategy.kind) {
    case "port":
      return `port ${strategy.port} to accept connections`;
    case "http":
      return `HTTP GET ${strategy.path} on port ${strategy.port} to answer ${strategy.statusMin ?? 200}-${strategy.statusMax ?? 399}`;
    case "log":
      return `a log line matching /${strategy.pattern}/`;
    case "running":
      return "the node to be running";
    case "all":
      return strategy.of.map(describe).join(", then ");
  }
}

type Probe = () => Promise<{ ok: boolean; detail?: string }>;

function probeFor(strategy: Exclude<WaitStrategy, { kind: "all" }>, target: WaitTarget): Probe {
  switch (strategy.kind) {
    case "running":
      return async () => ({ ok: await target.isRunning() });
    case "port":
      return async () => {
        const result = await tcpConnects(target.endpoint(strategy.port), 1000, target.portSettleMs ?? 0);
        return { ok: result === true, detail: result === true ? undefined : result };
      };
    case "http": {
      const min = strategy.statusMin ?? 200;
      const max = strategy.statusMax ?? 399;
      return async () => {
        const status = await httpStatus(target.endpoint(strategy.port), strategy.path, 2000);
        if (typeof status === "number") return { ok: status >= min && status <= max, detail: `last status ${status}` };
        return { ok: false, detail: status };
      };
    }
    case "log": {
      const pattern = new RegExp(strategy.pattern, "m");
      return async () => ({ ok: pattern.test(await target.logs()) });
    }
  }
}

async function poll(
  probe: Probe,
  target: WaitTarget,
  what: string,
  { deadline, signal, now = Date.now }: WaitOptions,
): Promise<void> {
  let interval = 50;
  let lastDetail: string | undefined;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const result = await probe().catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }));
    if (result.ok) return;
    lastDetail = result.detail ?? lastDetail;
    // Every few attempts, make sure the node is still alive: a crashed node will never become ready.
    if (attempt % 4 === 3 && !(await target.isRunning())) {
      const how = (await target.describeExit?.().catch(() => undefined)) ?? "it exited";
      throw new WaitFailedError(`${how} while waiting for ${what}`);
    }
    const left = deadline - now();
    if (left <= 0) {
      throw new WaitFailedError(`timed out waiting for ${what}${lastDetail ? ` (${lastDetail})` : ""}`);
    }
    await delay(Math.min(interval, left), signal);
    // Capped at 200 ms (was 500): a ready node is noticed on average half an interval late, once per stage of
    // `lab up`, and a probe (one loopback connect or GET) costs far less than that wait.
    interval = Math.min(interval * 1.5, 200);
  }
}

/** Abortable delay between probes. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** true, or why not. With `settleMs`, the connection must also stay open (or send data) that long. */
export function tcpConnects({ host, port }: HostEndpoint, timeoutMs: number, settleMs = 0): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let settled = false;
    const done = (result: true | string) => {
      if (settled) return;
      settled = true;
      clearTimeout(settleTimer);
      socket.destroy();
      resolve(result);
    };
    let settleTimer: NodeJS.Timeout | undefined;
    socket.setTimeout(timeoutMs, () => done(`connect to ${host}:${port} timed out`));
    socket.once("connect", () => {
      socket.setTimeout(0);
      if (settleMs <= 0) return done(true);
      settleTimer = setTimeout(() => done(true), settleMs);
    });
    socket.once("data", () => done(true));
    socket.once("close", () => done(`${host}:${port} closed the connection at once (nothing listening behind it yet)`));
    socket.once("error", (error: Error) => done(`${host}:${port}: ${error.message}`));
  });
}

/** The status code, or why there is none. Docker's proxy accepts connections before the container listens, so HTTP is the stronger check. */
export function httpStatus({ host, port }: HostEndpoint, path: string, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path, timeout: timeoutMs, headers: { connection: "close" } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("timeout", () => {
      request.destroy();
      resolve(`GET ${path} timed out`);
    });
    request.once("error", (error: Error) => resolve(`GET ${path}: ${error.message}`));
  });
}
