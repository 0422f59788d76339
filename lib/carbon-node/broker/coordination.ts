/**
 * RDBMS-based coordinator election, modelled on Andes' RDBMSCoordinationStrategy (wso2/andes, modules/andes-core/
 * broker/.../server/cluster/RDBMSCoordinationStrategy.java): every node is a CANDIDATE that heartbeats its
 * MB_NODE_HEARTBEAT row and checks the coordinator row; a row older than heartbeatMaxAge (2 x heartbeatInterval)
 * is invalid: checked once more after one interval, then removed, and the node goes to ELECTION; it INSERTs the
 * row (the primary key lets one node win), waits coordinatorEntryCreationWaitTime, reads the row back and becomes
 * COORDINATOR if it is still its own. The COORDINATOR refreshes the row every interval and drops nodes whose
 * heartbeat is older than heartbeatMaxAge; a coordinator that shuts down gracefully deletes its row. Not modelled: membership events to listeners, the Hazelcast fallback,
 * the state-expiration timer of a coordinator that cannot reach the database (ADR 0033).
 * Log lines are the model's own words under `clusterlab.mb.Coordination`, not Andes' messages.
 */
import type { CarbonLogger } from "../carbon-log";
import type { BrokerStore } from "./store";
import { sleep as sleepUnlessAborted } from "../data-store";

export const COORDINATION_LOG = "clusterlab.mb.Coordination";

export type CoordinationState = "CANDIDATE" | "ELECTION" | "COORDINATOR";

export type CoordinationTiming = { heartbeatInterval: number; coordinatorEntryCreationWaitTime: number };

export type Coordination = {
  readonly nodeId: string;
  state(): CoordinationState;
  /** When this node last became coordinator (ms since epoch), null if it is not. */
  coordinatorSince(): number | null;
  /**
   * End the loop. `graceful`: a coordinator deletes its row on the way out, as Andes' RDBMSCoordinationStrategy.stop()
   * does, so a candidate takes over without waiting for the row to go stale; a killed process leaves the row behind.
   */
  stop(options?: { graceful?: boolean }): Promise<void>;
};

export type CoordinationInput = {
  nodeId: string;
  thriftHost: string;
  thriftPort: number;
  /** Advertised in MB_NODE_HEARTBEAT (Andes writes its Hazelcast address there). */
  agentHost: string;
  agentPort: number;
  timing: CoordinationTiming;
  store: BrokerStore;
  log: CarbonLogger;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

/** Start the election loop; it runs until stop(). A database error is logged and retried after one interval. */
export function startCoordination(input: CoordinationInput): Coordination {
  const { store, log, nodeId, timing } = input;
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? sleepUnlessAborted;
  const interval = timing.heartbeatInterval;
  const maxAge = 2 * interval;
  const controller = new AbortController();
  let state: CoordinationState = "ELECTION";
  let since: number | null = null;
  let lastError: string | null = null;

  async function coordinatorValid(): Promise<boolean> {
    const row = await store.coordinator();
    return row !== null && now() - row.lastHeartbeat < maxAge;
  }

  async function candidateTask(): Promise<CoordinationState> {
    await store.nodeHeartbeat(nodeId, input.agentHost, input.agentPort, now());
    const valid = await coordinatorValid();
    await sleep(interval, controller.signal);
    if (valid || (await coordinatorValid())) return "CANDIDATE";
    const row = await store.coordinator();
    log.info(
      COORDINATION_LOG,
      row
        ? `coordinator row of ${row.nodeId} is ${now() - row.lastHeartbeat} ms old (limit ${maxAge} ms = 2 x heartbeatInterval): removing it and standing for election`
        : "no coordinator row in the store: standing for election",
    );
    await store.removeCoordinator();
    return "ELECTION";
  }

  async function electionTask(): Promise<CoordinationState> {
    await store.nodeHeartbeat(nodeId, input.agentHost, input.agentPort, now());
    if (!(await store.createCoordinatorEntry(nodeId, input.thriftHost, input.thriftPort, now()))) {
      log.info(COORDINATION_LOG, "another node holds the coordinator row: this node is a candidate");
      return "CANDIDATE";
    }
    // The back-off lets a slower node's competing INSERT/DELETE land before we trust the row (Andes does the same).
    await sleep(timing.coordinatorEntryCreationWaitTime, controller.signal);
    const row = await store.coordinator();
    if (row?.nodeId !== nodeId) {
      log.info(COORDINATION_LOG, "the coordinator row changed during the wait: this node is a candidate");
      return "CANDIDATE";
    }
    await store.updateCoordinatorHeartbeat(nodeId, now());
    since = now();
    log.info(
      COORDINATION_LOG,
      `this node (${nodeId}) is now the coordinator: it owns the coordinator row and refreshes it every ${interval} ms`,
    );
    return "COORDINATOR";
  }

  async function coordinatorTask(): Promise<CoordinationState> {
    const started = now();
    if (!(await store.updateCoordinatorHeartbeat(nodeId, started))) {
      log.warn(COORDINATION_LOG, "the coordinator row is no longer this node's: standing for election again");
      return "ELECTION";
    }
    await store.nodeHeartbeat(nodeId, input.agentHost, input.agentPort, now());
    for (const node of await store.nodeHeartbeats()) {
      if (node.isNew) {
        await store.markNodeNotNew(node.nodeId);
        if (node.nodeId !== nodeId) log.info(COORDINATION_LOG, `broker node ${node.nodeId} joined (new heartbeat row)`);
      } else if (now() - node.lastHeartbeat >= maxAge) {
        await store.removeNodeHeartbeat(node.nodeId);
        log.info(
          COORDINATION_LOG,
          `broker node ${node.nodeId} left: its heartbeat is ${now() - node.lastHeartbeat} ms old (limit ${maxAge} ms)`,
        );
      }
    }
    await sleep(Math.max(0, interval - (now() - started)), controller.signal);
    return "COORDINATOR";
  }

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        const next: CoordinationState =
          state === "CANDIDATE"
            ? await candidateTask()
            : state === "ELECTION"
              ? await electionTask()
              : await coordinatorTask();
        state = next;
        lastError = null;
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastError)
          log.error(
            COORDINATION_LOG,
            `coordination through ${store.description} failed: ${message}. Retrying every ${interval} ms; check WSO2_MB_STORE_DB in conf/datasources/master-datasources.xml.`,
          );
        lastError = message;
        await sleep(interval, controller.signal);
      }
    }
  })();

  return {
    nodeId,
    state: () => state,
    coordinatorSince: () => (state === "COORDINATOR" ? since : null),
    async stop(options = {}) {
      controller.abort();
      await loop;
      if (options.graceful === true && state === "COORDINATOR") {
        try {
          await store.removeCoordinator();
          log.info(COORDINATION_LOG, "shutting down as coordinator: removed the coordinator row");
        } catch (error) {
          log.warn(COORDINATION_LOG, `could not remove the coordinator row on shutdown: ${(error as Error).message}`);
        }
      }
    },
  };
}
