/**
 * The IS Analytics worker model of the training node (ADR 0034), started for a home with conf/worker/deployment.yaml:
 * - deployment.config type ha with cluster.config enabled: RDBMS coordination (coordinator.ts) picks one active
 *   worker; only the active one listens on the event receiver port (7612), so a publisher's failover group skips
 *   the passive one; the active forwards every event it accepts to the passive worker's event sync server (9894),
 *   after a snapshot of its state, so the passive holds the same counts and can take over.
 * - otherwise a single worker: the receiver always listens, nothing is synced.
 * State = login counts (events.ts). Log lines use clusterlab.analytics.*: the model's words, not WSO2's.
 */
import http from "node:http";
import { sendJson } from "../node-http";
import net from "node:net";
import { randomUUID } from "node:crypto";
import type { AnalyticsWorkerConfig } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import type { DataStore } from "../data-store";
import { createCoordinator, type Coordinator, type Peer } from "./coordinator";
import {
  applyEvent,
  emptyState,
  loginEventSchema,
  parseLine,
  readLines,
  workerStateSchema,
  type LoginEvent,
  type WorkerState,
} from "./events";

export const ANALYTICS_COORDINATOR = "clusterlab.analytics.Coordinator";
export const ANALYTICS_RECEIVER = "clusterlab.analytics.EventReceiver";
export const ANALYTICS_SYNC = "clusterlab.analytics.EventSync";
export const DEFAULT_EVENT_SYNC_PORT = 9894;

export type AnalyticsWorker = {
  /** The lab-only HTTP face: GET /analytics/status. Returns false when the path is not its own. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  stop(): Promise<void>;
};

type Listener = { server: net.Server; sockets: Set<net.Socket> };

async function listen(port: number, host: string, onSocket: (s: net.Socket) => void): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, sockets };
}

async function close(listener: Listener | null): Promise<void> {
  if (!listener) return;
  for (const s of listener.sockets) s.destroy();
  await new Promise<void>((resolve) => listener.server.close(() => resolve()));
}

export async function startAnalyticsWorker(input: {
  config: AnalyticsWorkerConfig;
  name: string;
  advertisedHost: string;
  bindHost: string;
  /** The cluster datasource's store (WSO2_CLUSTER_DB), or null when it is not defined. */
  clusterStore: DataStore | null;
  log: CarbonLogger;
}): Promise<AnalyticsWorker> {
  const { config, log, name } = input;
  const ha = config.deployment.type === "ha" && config.cluster.enabled;
  const syncPort = config.deployment.eventSyncServer.port ?? DEFAULT_EVENT_SYNC_PORT;
  const state: WorkerState = emptyState();
  let receiver: Listener | null = null;
  let syncServer: Listener | null = null;
  let syncOut: { peer: Peer; socket: net.Socket } | null = null;
  let coordinator: Coordinator | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let syncedAt: number | null = null;
  let syncedFrom: string | null = null;

  /** The active worker accepts an event: count it, pass it to the passive worker, acknowledge it. */
  function accept(event: LoginEvent): void {
    applyEvent(state, event);
    if (syncOut && !syncOut.socket.destroyed) syncOut.socket.write(`EVENT ${JSON.stringify(event)}\n`);
  }

  async function openReceiver(): Promise<void> {
    if (receiver) return;
    receiver = await listen(config.thriftPort, input.bindHost, (socket) =>
      readLines(socket, (line) => {
        const event = parseLine(line, "EVENT", loginEventSchema);
        if (event === null) {
          socket.end("ERROR expected EVENT {json}\n");
          return;
        }
        accept(event);
        socket.write(`ACK ${event.id}\n`);
      }),
    );
    log.info(
      ANALYTICS_RECEIVER,
      `Event receiver (lab line protocol, stands in for Thrift) listening on port ${config.thriftPort}`,
    );
  }

  async function closeReceiver(): Promise<void> {
    if (!receiver) return;
    const r = receiver;
    receiver = null;
    await close(r);
    log.info(ANALYTICS_RECEIVER, `Event receiver on port ${config.thriftPort} closed: this worker is passive`);
  }

  /** Active side: keep one sync connection to the registered passive worker, starting with a snapshot. */
  function ensureSyncTo(passive: Peer | null): void {
    if (syncOut && (passive === null || syncOut.peer.id !== passive.id || syncOut.socket.destroyed)) {
      syncOut.socket.destroy();
      syncOut = null;
    }
    if (passive === null || syncOut !== null) return;
    const socket = net.connect({ host: passive.host, port: passive.syncPort });
    socket.on("error", () => undefined);
    socket.setTimeout(10_000, () => socket.destroy());
    syncOut = { peer: passive, socket };
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.write(`SNAPSHOT ${JSON.stringify(state)}\n`);
      log.info(
        ANALYTICS_SYNC,
        `Syncing state to the passive worker ${passive.name} (${passive.host}:${passive.syncPort}): snapshot of ${state.total} events sent`,
      );
    });
  }

  if (ha) {
    const dsName = config.cluster.datasource ?? "(not set)";
    if (input.clusterStore === null)
      throw new Error(
        `cluster.config names datasource ${dsName}, which is not defined under wso2.datasources in ${config.file}. Define it (a database both workers share) or disable cluster.config.`,
      );
    syncServer = await listen(syncPort, input.bindHost, (socket) =>
      readLines(socket, (line) => {
        if (coordinator?.view().role === "active") {
          socket.destroy(); // an active worker takes no state from another worker
          return;
        }
        const snapshot = parseLine(line, "SNAPSHOT", workerStateSchema);
        if (snapshot) {
          Object.assign(state, snapshot);
          syncedAt = Date.now();
          syncedFrom = socket.remoteAddress ?? null;
          log.info(ANALYTICS_SYNC, `State snapshot received from the active worker: ${snapshot.total} events`);
          return;
        }
        const event = parseLine(line, "EVENT", loginEventSchema);
        if (event) {
          applyEvent(state, event);
          syncedAt = Date.now();
        }
      }),
    );
    log.info(ANALYTICS_SYNC, `Event sync server listening on port ${syncPort}`);
    const interval = config.cluster.heartbeatInterval ?? 1000;
    const retries = config.cluster.heartbeatMaxRetry ?? 2;
    const self: Peer = { id: `${name}-${randomUUID().slice(0, 8)}`, name, host: input.advertisedHost, syncPort };
    coordinator = createCoordinator({
      store: input.clusterStore,
      groupId: config.cluster.groupId ?? "default",
      self,
      heartbeatIntervalMs: interval,
      heartbeatMaxRetry: retries,
      onRole: (role, detail) => {
        const words =
          role === "active"
            ? "This worker is now the ACTIVE analytics worker"
            : role === "passive"
              ? "This worker is PASSIVE"
              : role === "candidate"
                ? "Claiming the active role"
                : "Starting";
        log.info(ANALYTICS_COORDINATOR, `${words} of group ${config.cluster.groupId ?? "default"}: ${detail}`);
      },
    });
    log.info(
      ANALYTICS_COORDINATOR,
      `Minimum HA (training model): RDBMS coordination on ${dsName} (${input.clusterStore.description}), heartbeat every ${interval} ms, take-over after ${retries} missed`,
    );
    let ticking = false;
    let lastProblem: string | null = null;
    const beat = async (): Promise<void> => {
      if (ticking || stopped || !coordinator) return;
      ticking = true;
      try {
        await coordinator.tick();
        lastProblem = null;
        const view = coordinator.view();
        if (view.role === "active") {
          await openReceiver();
          ensureSyncTo(view.passive);
        } else {
          ensureSyncTo(null);
          await closeReceiver();
        }
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastProblem)
          log.warn(
            ANALYTICS_COORDINATOR,
            `Heartbeat to ${dsName} failed: ${message}. The role stays as it was; check the cluster database.`,
          );
        lastProblem = message;
      } finally {
        ticking = false;
      }
    };
    await beat();
    timer = setInterval(() => void beat(), interval);
    timer.unref();
  } else {
    log.info(
      ANALYTICS_COORDINATOR,
      `Single analytics worker (deployment.config type ${config.deployment.type ?? "not set"}, cluster.config ${config.cluster.enabled ? "enabled" : "disabled"}): no coordination, no state sync`,
    );
    await openReceiver();
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? "/", "http://node");
      if (url.pathname !== "/analytics/status") return false;
      const view = coordinator?.view();
      sendJson(res, 200, {
        node: name,
        model: "clusterlab training model of an IS Analytics worker (not WSO2 code)",
        ha,
        groupId: config.cluster.groupId,
        role: view ? view.role : "single",
        activeWorker: view?.active?.name ?? null,
        roleSince: view ? new Date(view.since).toISOString() : null,
        passiveWorker: view?.passive?.name ?? null,
        receiver: { port: config.thriftPort, listening: receiver !== null },
        sync: {
          port: syncPort,
          sendingTo: syncOut?.peer.name ?? null,
          lastReceivedAt: syncedAt ? new Date(syncedAt).toISOString() : null,
          from: syncedFrom,
        },
        coordinationError: view?.lastError ?? null,
        state,
      });
      return true;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      syncOut?.socket.destroy();
      await Promise.all([close(receiver), close(syncServer)]);
    },
  };
}
