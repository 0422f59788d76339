/**
 * The IS side of pattern 2 in the training node (ADR 0034): the event publishers read from
 * repository/deployment/server/eventpublishers (at start; IS hot-deploys them, this model does not). A lab-only
 * login (POST /analytics/login?user=…) is one event on the OverallAuthentication stream; each publisher of that
 * stream sends it, per receiver group: failover (`|`) tries the receivers in order and stops at the first that
 * acknowledges; load balancing (`,`) starts at the next receiver in turn; a single URL has no alternative. An event
 * no receiver acknowledged is counted as lost (the IS docs warn events can be lost during a worker switch).
 * Log lines use clusterlab.analytics.*: the model's words, not WSO2's.
 */
import http from "node:http";
import { sendJson } from "../node-http";
import net from "node:net";
import type { EventPublisher } from "@/lib/wso2-config/model";
import { DEFAULT_THRIFT_PORT } from "@/lib/wso2-config/analytics-yaml";
import type { CarbonLogger } from "../carbon-log";
import { readLines, type LoginEvent } from "./events";

export const ANALYTICS_PUBLISHER = "clusterlab.analytics.EventPublisher";
export const LOGIN_STREAM = "org.wso2.is.analytics.stream.OverallAuthentication";
/** How long one receiver gets to acknowledge an event before the next one in the group is tried. */
const SEND_TIMEOUT_MS = 1_500;

type Receiver = EventPublisher["receiverGroups"][number]["receivers"][number];

/** Send one event to one receiver and wait for its ACK; resolves with why it failed, or null. */
export function sendEvent(receiver: Receiver, event: LoginEvent, timeoutMs = SEND_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host: receiver.host, port: receiver.port ?? DEFAULT_THRIFT_PORT });
    const finish = (problem: string | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(`no acknowledgement within ${timeoutMs} ms`), timeoutMs);
    socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.on("close", () => finish("connection closed before the acknowledgement"));
    socket.once("connect", () => socket.write(`EVENT ${JSON.stringify(event)}\n`));
    readLines(socket, (line) => finish(line === `ACK ${event.id}` ? null : `unexpected answer "${line.slice(0, 80)}"`));
  });
}

type PublisherStats = {
  publisher: EventPublisher;
  sent: number;
  lost: number;
  delivered: Record<string, number>;
  lastProblem: string | null;
  nextIndex: number[];
};

export type EventPublishing = {
  /** POST /analytics/login and GET /analytics/publisher; false when the path is not its own. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  publishLogin(
    user: string,
  ): Promise<Array<{ publisher: string; deliveredTo: string | null; problems: Array<string> }>>;
};

export function createEventPublishing(input: {
  publishers: Array<EventPublisher>;
  isNode: string;
  log: CarbonLogger;
}): EventPublishing {
  const { log } = input;
  const stats: Array<PublisherStats> = input.publishers
    .filter((p) => p.adapterType === "wso2event" && p.streamName === LOGIN_STREAM && p.receiverGroups.length > 0)
    .map((publisher) => ({
      publisher,
      sent: 0,
      lost: 0,
      delivered: {},
      lastProblem: null,
      nextIndex: publisher.receiverGroups.map(() => 0),
    }));
  for (const s of stats)
    log.info(
      ANALYTICS_PUBLISHER,
      `Event publisher ${s.publisher.name ?? s.publisher.file} (training model; Thrift not modelled) sends ${LOGIN_STREAM} to ${s.publisher.receiverUrl ?? ""}`,
    );
  let seq = 0;

  async function deliver(
    s: PublisherStats,
    groupIndex: number,
    event: LoginEvent,
  ): Promise<{ to: string | null; problems: Array<string> }> {
    const group = s.publisher.receiverGroups[groupIndex];
    if (!group) return { to: null, problems: [] };
    const n = group.receivers.length;
    const start = group.mode === "loadbalance" ? (s.nextIndex[groupIndex] ?? 0) % n : 0;
    if (group.mode === "loadbalance") s.nextIndex[groupIndex] = start + 1;
    const problems: Array<string> = [];
    for (let k = 0; k < n; k++) {
      const receiver = group.receivers[(start + k) % n];
      if (!receiver) continue;
      const problem = await sendEvent(receiver, event);
      if (problem === null) return { to: receiver.url, problems };
      problems.push(`${receiver.url}: ${problem}`);
    }
    return { to: null, problems };
  }

  async function publishLogin(user: string) {
    const results: Array<{ publisher: string; deliveredTo: string | null; problems: Array<string> }> = [];
    for (const s of stats) {
      for (let g = 0; g < s.publisher.receiverGroups.length; g++) {
        const event: LoginEvent = { id: `${input.isNode}-${++seq}`, user, isNode: input.isNode, at: Date.now() };
        s.sent += 1;
        const { to, problems } = await deliver(s, g, event);
        if (to === null) {
          s.lost += 1;
          s.lastProblem = problems.join("; ");
          log.warn(
            ANALYTICS_PUBLISHER,
            `Event ${event.id} lost: no receiver of ${s.publisher.receiverUrl ?? ""} acknowledged it (${s.lastProblem})`,
          );
        } else {
          s.delivered[to] = (s.delivered[to] ?? 0) + 1;
        }
        results.push({ publisher: s.publisher.name ?? s.publisher.file, deliveredTo: to, problems });
      }
    }
    return results;
  }

  return {
    publishLogin,
    handle(req, res) {
      const url = new URL(req.url ?? "/", "http://node");
      if (url.pathname === "/analytics/publisher" && req.method === "GET") {
        sendJson(res, 200, {
          node: input.isNode,
          model: "clusterlab training model of IS event publishing (not WSO2 code)",
          publishers: stats.map((s) => ({
            file: s.publisher.file,
            name: s.publisher.name,
            receiverUrl: s.publisher.receiverUrl,
            groups: s.publisher.receiverGroups.map((g) => ({ mode: g.mode, receivers: g.receivers.map((r) => r.url) })),
            sent: s.sent,
            delivered: s.delivered,
            lost: s.lost,
            lastProblem: s.lastProblem,
          })),
        });
        return true;
      }
      if (url.pathname === "/analytics/login") {
        req.resume();
        if (req.method !== "POST") {
          sendJson(res, 405, { error: "POST /analytics/login?user=<name> (lab-only face: one login event)" });
          return true;
        }
        const user = url.searchParams.get("user") ?? "";
        if (!/^[A-Za-z0-9._@-]{1,100}$/.test(user)) {
          sendJson(res, 400, { error: "user must be 1-100 letters, digits or . _ @ -" });
          return true;
        }
        if (stats.length === 0) {
          sendJson(res, 200, {
            node: input.isNode,
            published: [],
            note: `no wso2event publisher of ${LOGIN_STREAM} with a receiverURL is deployed in repository/deployment/server/eventpublishers`,
          });
          return true;
        }
        void publishLogin(user).then(
          (published) => sendJson(res, 200, { node: input.isNode, published }),
          (error: unknown) => sendJson(res, 500, { error: (error as Error).message }),
        );
        return true;
      }
      return false;
    },
  };
}
