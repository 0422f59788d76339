/**
 * The traffic-manager profile (model): a receiver for the Gateways' request events on 9611 + offset and a broker
 * on 5672 + offset that Gateways subscribe to; each throttle decision goes to every subscribed Gateway at once.
 */
import net from "node:net";
import { z } from "zod";
import type { CarbonLogger } from "../carbon-log";
import { closeServer, listenOn } from "./json-http";
import { parseLine, readLines } from "../line-protocol";
import { createThrottleEvaluator, requestEventSchema, TIER_LIMITS_PER_MINUTE, type ThrottleDecision } from "./throttle";

export const TM_LOG = "clusterlab.apim.TrafficManager";
const subscribeSchema = z.object({ subscribe: z.literal("throttleData") });

export type TrafficManager = { receiverPort: number; brokerPort: number; stop(): Promise<void> };

export async function startTrafficManager(input: {
  receiverPort: number;
  brokerPort: number;
  bindHost: string;
  log: CarbonLogger;
  now?: () => number;
}): Promise<TrafficManager> {
  const { log } = input;
  const now = input.now ?? Date.now;
  const evaluator = createThrottleEvaluator();
  const subscribers = new Set<net.Socket>();
  // Every open socket, so stop() does not wait for Gateways to hang up.
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };

  function publish(decision: ThrottleDecision): void {
    const line = `${JSON.stringify(decision)}\n`;
    for (const s of subscribers) s.write(line);
    log.info(
      TM_LOG,
      `Throttle decision: key ${decision.key} passed tier ${decision.tier} (${TIER_LIMITS_PER_MINUTE[decision.tier]} requests/min); blocked until ${new Date(decision.blockedUntil).toISOString()}, sent to ${subscribers.size} subscribed gateway(s)`,
    );
  }

  const receiver = net.createServer((socket) => {
    track(socket);
    socket.on("error", () => undefined);
    readLines(socket, (line) => {
      const event = parseLine(line, requestEventSchema);
      if (!event) return;
      const decision = evaluator.record(event, now());
      if (decision) publish(decision);
    });
  });
  const broker = net.createServer((socket) => {
    track(socket);
    socket.on("error", () => undefined);
    const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    readLines(socket, (line) => {
      if (!parseLine(line, subscribeSchema) || subscribers.has(socket)) return;
      subscribers.add(socket);
      log.info(TM_LOG, `Gateway ${peer} subscribed to throttle decisions (${subscribers.size} subscriber(s))`);
      for (const d of evaluator.active(now())) socket.write(`${JSON.stringify(d)}\n`);
    });
    socket.on("close", () => {
      if (subscribers.delete(socket))
        log.info(TM_LOG, `Gateway ${peer} unsubscribed (${subscribers.size} subscriber(s))`);
    });
  });
  const receiverPort = await listenOn(
    receiver,
    input.receiverPort,
    input.bindHost,
    "Traffic Manager event receiver 9611 + offset",
  );
  let brokerPort: number;
  try {
    brokerPort = await listenOn(broker, input.brokerPort, input.bindHost, "Traffic Manager JMS broker 5672 + offset");
  } catch (error) {
    await closeServer(receiver);
    throw error;
  }
  log.info(
    TM_LOG,
    `traffic-manager profile (training model): request events on port ${receiverPort}, throttle decisions to subscribed gateways on port ${brokerPort}`,
  );
  return {
    receiverPort,
    brokerPort,
    async stop() {
      for (const s of sockets) s.destroy();
      await Promise.all([closeServer(receiver), closeServer(broker)]);
    },
  };
}
