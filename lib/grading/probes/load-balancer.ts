/**
 * Requests through the load balancer, tallied by the node that answered (X-Carbon-Node). One call is
 * one client: pass a cookie jar to be a browser that keeps its JSESSIONID, or none to be many clients.
 */
import { createCookieJar, httpWithJar, type CookieJar } from "./cookie-jar";
import { httpProbe } from "./http";

export type LbTally = {
  requests: number;
  /** node name -> answers. */
  byNode: Map<string, number>;
  /** What went wrong for requests that did not get a 2xx answer ("HTTP 502", "no answer within 5000 ms"). */
  failures: Array<string>;
  /** Parsed JSON bodies of the successful answers, in order (e.g. /api/session counters). */
  bodies: Array<unknown>;
  slowestMs: number;
};

export async function tallyThroughLb(
  url: string,
  requests: number,
  opts: { jar?: CookieJar; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<LbTally> {
  const tally: LbTally = { requests, byNode: new Map(), failures: [], bodies: [], slowestMs: 0 };
  for (let i = 0; i < requests && !opts.signal?.aborted; i++) {
    const started = Date.now();
    const probeOptions = { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 5_000 };
    const res = opts.jar ? await httpWithJar(url, opts.jar, probeOptions) : await httpProbe(url, probeOptions);
    tally.slowestMs = Math.max(tally.slowestMs, Date.now() - started);
    if (!res.ok) {
      tally.failures.push(res.error);
      continue;
    }
    if (res.status < 200 || res.status > 299) {
      tally.failures.push(`HTTP ${res.status}`);
      continue;
    }
    const node = res.headers["x-carbon-node"] ?? "(no X-Carbon-Node header)";
    tally.byNode.set(node, (tally.byNode.get(node) ?? 0) + 1);
    try {
      tally.bodies.push(JSON.parse(res.body));
    } catch {
      tally.bodies.push(res.body);
    }
  }
  return tally;
}

/** `20 requests: node1 10, node2 10; 3 failed (HTTP 502 ×3)`. */
export function describeTally(t: LbTally, nodes: ReadonlyArray<string>): string {
  const spread = nodes.map((n) => `${n} ${t.byNode.get(n) ?? 0}`).join(", ");
  const extra = [...t.byNode.keys()].filter((n) => !nodes.includes(n)).map((n) => `${n} ${t.byNode.get(n) ?? 0}`);
  const counts = new Map<string, number>();
  for (const f of t.failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  const failed = t.failures.length
    ? `; ${t.failures.length} failed (${[...counts].map(([f, c]) => `${f} ×${c}`).join(", ")})`
    : "";
  return `${t.requests} requests: ${[spread, ...extra].join(", ")}${failed}`;
}

/**
 * After a drill restarts a node, wait until the load balancer sends it requests again (nginx leaves a
 * failed server out for its fail_timeout, per upstream block): a check leaves the cluster as it found it,
 * the LB's view included. `cookie` (e.g. "route=node2") asks as a client routed to that node.
 */
export async function waitUntilBehindLb(
  url: string,
  node: string,
  opts: { timeoutMs?: number; signal?: AbortSignal; cookie?: string } = {},
): Promise<{ back: boolean; elapsedMs: number }> {
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 20_000);
  while (Date.now() < deadline && !opts.signal?.aborted) {
    const jar = createCookieJar();
    if (opts.cookie) jar.store(opts.cookie);
    const tally = await tallyThroughLb(url, opts.cookie ? 1 : 4, { jar, signal: opts.signal, timeoutMs: 5_000 });
    if (tally.byNode.has(node)) return { back: true, elapsedMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { back: false, elapsedMs: Date.now() - started };
}
