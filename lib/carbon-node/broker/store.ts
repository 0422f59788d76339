/**
 * The broker profile's store (WSO2_MB_STORE_DB): the two coordination tables Andes uses, with Andes' names and
 * columns (MB_COORDINATOR_HEARTBEAT, one row at ANCHOR 1; MB_NODE_HEARTBEAT, one row per node; andes
 * RDBMSConstants.java and carbon-business-messaging dbscripts/postgresql-mb.sql), plus the model's own queue table
 * `clusterlab_mb_message` (Andes' MB_METADATA/MB_CONTENT/slot tables are not modelled, ADR 0033).
 * Two implementations: SQL (PostgreSQL or MySQL/MariaDB through the node's pooled drivers) and memory (an H2 store:
 * node-local by nature, so it is kept in the process; it does not survive a restart).
 */
import { inTransaction, lazyTables, type SqlDriver, type SqlQuery } from "../sql-data-store";

export type CoordinatorRow = { nodeId: string; lastHeartbeat: number; thriftHost: string; thriftPort: number };
export type NodeHeartbeat = { nodeId: string; lastHeartbeat: number; isNew: boolean };
export type Delivery = { messageId: string; body: string; publishedBy: string; deliveryCount: number };

export type BrokerStore = {
  readonly description: string;
  readonly shared: boolean;
  /** INSERT the coordinator row; false when another node's row is already there (the primary key decides). */
  createCoordinatorEntry(nodeId: string, thriftHost: string, thriftPort: number, now: number): Promise<boolean>;
  coordinator(): Promise<CoordinatorRow | null>;
  /** UPDATE the row's heartbeat if it is still ours; false when it is gone or another node's. */
  updateCoordinatorHeartbeat(nodeId: string, now: number): Promise<boolean>;
  removeCoordinator(): Promise<void>;
  /** Update this node's MB_NODE_HEARTBEAT row, creating it (IS_NEW_NODE = 1) when missing. */
  nodeHeartbeat(nodeId: string, host: string, port: number, now: number): Promise<void>;
  nodeHeartbeats(): Promise<Array<NodeHeartbeat>>;
  markNodeNotNew(nodeId: string): Promise<void>;
  removeNodeHeartbeat(nodeId: string): Promise<void>;
  /** Persist a message; resolves only once it is committed (what makes a publish "accepted"). */
  publish(queue: string, messageId: string, body: string, nodeId: string, now: number): Promise<void>;
  /**
   * Hand the oldest deliverable message of `queue` to `nodeId`: never delivered, or delivered by a node whose
   * heartbeat is older than `staleBefore` (that node died holding it), or delivered before `leaseBefore`.
   */
  receive(
    queue: string,
    nodeId: string,
    now: number,
    staleBefore: number | null,
    leaseBefore: number,
  ): Promise<Delivery | null>;
  /** Delete an acknowledged message; false when it is not (any more) delivered to `nodeId`. */
  ack(messageId: string, nodeId: string): Promise<boolean>;
  close(): Promise<void>;
};

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const str = (v: unknown): string => (typeof v === "string" ? v : String(v));
/** A column of an Andes table: MySQL answers in the DDL's upper case, PostgreSQL folds unquoted names to lower case. */
const col = (r: Record<string, unknown>, k: string): unknown => r[k] ?? r[k.toLowerCase()];

/** Andes' own DDL (postgresql-mb.sql) for the two heartbeat tables; the model creates them when missing. */
const CREATE_TABLES = [
  "CREATE TABLE IF NOT EXISTS MB_COORDINATOR_HEARTBEAT (ANCHOR INT NOT NULL, NODE_ID VARCHAR(512) NOT NULL, LAST_HEARTBEAT BIGINT NOT NULL, THRIFT_HOST VARCHAR(512) NOT NULL, THRIFT_PORT INT NOT NULL, PRIMARY KEY (ANCHOR))",
  "CREATE TABLE IF NOT EXISTS MB_NODE_HEARTBEAT (NODE_ID VARCHAR(512) NOT NULL, LAST_HEARTBEAT BIGINT NOT NULL, IS_NEW_NODE SMALLINT NOT NULL, CLUSTER_AGENT_HOST VARCHAR(512) NOT NULL, CLUSTER_AGENT_PORT INT NOT NULL, PRIMARY KEY (NODE_ID))",
  "CREATE TABLE IF NOT EXISTS clusterlab_mb_message (message_id VARCHAR(128) NOT NULL, queue_name VARCHAR(256) NOT NULL, body TEXT NOT NULL, published_by VARCHAR(512) NOT NULL, published_at BIGINT NOT NULL, delivered_by VARCHAR(512), delivered_at BIGINT, delivery_count INT NOT NULL, PRIMARY KEY (message_id))",
];
const COORDINATOR_ANCHOR = 1;

export function createSqlBrokerStore(
  driver: SqlDriver,
  description: string,
  dialect: "postgresql" | "mysql",
): BrokerStore {
  // Both nodes create the tables at start (lazyTables retries the loser of that race).
  const ensureTables = lazyTables(driver, CREATE_TABLES, 100);
  const q: SqlQuery = async (sql, params) => {
    await ensureTables();
    return driver.query(sql, params);
  };
  const skipLocked = dialect === "postgresql" ? " SKIP LOCKED" : "";
  return {
    description,
    shared: true,
    async createCoordinatorEntry(nodeId, thriftHost, thriftPort, now) {
      try {
        await q(
          "INSERT INTO MB_COORDINATOR_HEARTBEAT (ANCHOR, NODE_ID, LAST_HEARTBEAT, THRIFT_HOST, THRIFT_PORT) VALUES (?, ?, ?, ?, ?)",
          [COORDINATOR_ANCHOR, nodeId, now, thriftHost, thriftPort],
        );
        return true;
      } catch (error) {
        // The primary key on ANCHOR is the election: a second INSERT fails, its node stays a candidate.
        const code = (error as { code?: string }).code;
        if (code === "23505" || code === "ER_DUP_ENTRY") return false;
        throw error;
      }
    },
    async coordinator() {
      const rows = await q(
        "SELECT NODE_ID, LAST_HEARTBEAT, THRIFT_HOST, THRIFT_PORT FROM MB_COORDINATOR_HEARTBEAT WHERE ANCHOR = ?",
        [COORDINATOR_ANCHOR],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        nodeId: str(col(r, "NODE_ID")),
        lastHeartbeat: num(col(r, "LAST_HEARTBEAT")),
        thriftHost: str(col(r, "THRIFT_HOST")),
        thriftPort: num(col(r, "THRIFT_PORT")),
      };
    },
    async updateCoordinatorHeartbeat(nodeId, now) {
      await q("UPDATE MB_COORDINATOR_HEARTBEAT SET LAST_HEARTBEAT = ? WHERE NODE_ID = ? AND ANCHOR = ?", [
        now,
        nodeId,
        COORDINATOR_ANCHOR,
      ]);
      const row = await this.coordinator();
      return row?.nodeId === nodeId;
    },
    async removeCoordinator() {
      await q("DELETE FROM MB_COORDINATOR_HEARTBEAT WHERE ANCHOR = ?", [COORDINATOR_ANCHOR]);
    },
    async nodeHeartbeat(nodeId, host, port, now) {
      await q("UPDATE MB_NODE_HEARTBEAT SET LAST_HEARTBEAT = ? WHERE NODE_ID = ?", [now, nodeId]);
      const rows = await q("SELECT NODE_ID FROM MB_NODE_HEARTBEAT WHERE NODE_ID = ?", [nodeId]);
      if (rows.length === 0)
        await q(
          "INSERT INTO MB_NODE_HEARTBEAT (NODE_ID, LAST_HEARTBEAT, IS_NEW_NODE, CLUSTER_AGENT_HOST, CLUSTER_AGENT_PORT) VALUES (?, ?, 1, ?, ?)",
          [nodeId, now, host, port],
        );
    },
    async nodeHeartbeats() {
      const rows = await q("SELECT NODE_ID, LAST_HEARTBEAT, IS_NEW_NODE FROM MB_NODE_HEARTBEAT");
      return rows.map((r) => {
        return {
          nodeId: str(col(r, "NODE_ID")),
          lastHeartbeat: num(col(r, "LAST_HEARTBEAT")),
          isNew: num(col(r, "IS_NEW_NODE")) === 1,
        };
      });
    },
    async markNodeNotNew(nodeId) {
      await q("UPDATE MB_NODE_HEARTBEAT SET IS_NEW_NODE = 0 WHERE NODE_ID = ?", [nodeId]);
    },
    async removeNodeHeartbeat(nodeId) {
      await q("DELETE FROM MB_NODE_HEARTBEAT WHERE NODE_ID = ?", [nodeId]);
    },
    async publish(queue, messageId, body, nodeId, now) {
      await q(
        "INSERT INTO clusterlab_mb_message (message_id, queue_name, body, published_by, published_at, delivery_count) VALUES (?, ?, ?, ?, ?, 0)",
        [messageId, queue, body, nodeId, now],
      );
    },
    async receive(queue, nodeId, now, staleBefore, leaseBefore) {
      await ensureTables();
      return inTransaction(driver, async (c) => {
        const params: Array<unknown> = [queue, leaseBefore];
        let dead = "";
        if (staleBefore !== null) {
          dead = " OR delivered_by NOT IN (SELECT NODE_ID FROM MB_NODE_HEARTBEAT WHERE LAST_HEARTBEAT >= ?)";
          params.push(staleBefore);
        }
        const rows = await c(
          `SELECT message_id, body, published_by, delivery_count FROM clusterlab_mb_message WHERE queue_name = ? AND (delivered_by IS NULL OR delivered_at < ?${dead}) ORDER BY published_at, message_id LIMIT 1 FOR UPDATE${skipLocked}`,
          params,
        );
        const r = rows[0];
        if (!r) return null;
        const id = str(r["message_id"]);
        await c(
          "UPDATE clusterlab_mb_message SET delivered_by = ?, delivered_at = ?, delivery_count = delivery_count + 1 WHERE message_id = ?",
          [nodeId, now, id],
        );
        return {
          messageId: id,
          body: str(r["body"]),
          publishedBy: str(r["published_by"]),
          deliveryCount: num(r["delivery_count"]) + 1,
        };
      });
    },
    async ack(messageId, nodeId) {
      const before = await q("SELECT message_id FROM clusterlab_mb_message WHERE message_id = ? AND delivered_by = ?", [
        messageId,
        nodeId,
      ]);
      if (before.length === 0) return false;
      await q("DELETE FROM clusterlab_mb_message WHERE message_id = ? AND delivered_by = ?", [messageId, nodeId]);
      return true;
    },
    close: () => driver.end(),
  };
}

type MemoryMessage = {
  id: string;
  queue: string;
  body: string;
  publishedBy: string;
  publishedAt: number;
  deliveredBy: string | null;
  deliveredAt: number | null;
  deliveryCount: number;
};

/** An embedded H2 store: this node's alone (each node that points at H2 has its own). */
export function createMemoryBrokerStore(description: string): BrokerStore {
  let coordinatorRow: CoordinatorRow | null = null;
  const nodes = new Map<string, NodeHeartbeat>();
  const messages = new Map<string, MemoryMessage>();
  return {
    description,
    shared: false,
    async createCoordinatorEntry(nodeId, thriftHost, thriftPort, now) {
      if (coordinatorRow) return false;
      coordinatorRow = { nodeId, lastHeartbeat: now, thriftHost, thriftPort };
      return true;
    },
    async coordinator() {
      return coordinatorRow ? { ...coordinatorRow } : null;
    },
    async updateCoordinatorHeartbeat(nodeId, now) {
      if (coordinatorRow?.nodeId !== nodeId) return false;
      coordinatorRow.lastHeartbeat = now;
      return true;
    },
    async removeCoordinator() {
      coordinatorRow = null;
    },
    async nodeHeartbeat(nodeId, _host, _port, now) {
      const row = nodes.get(nodeId);
      if (row) row.lastHeartbeat = now;
      else nodes.set(nodeId, { nodeId, lastHeartbeat: now, isNew: true });
    },
    async nodeHeartbeats() {
      return [...nodes.values()].map((n) => ({ ...n }));
    },
    async markNodeNotNew(nodeId) {
      const row = nodes.get(nodeId);
      if (row) row.isNew = false;
    },
    async removeNodeHeartbeat(nodeId) {
      nodes.delete(nodeId);
    },
    async publish(queue, messageId, body, nodeId, now) {
      messages.set(messageId, {
        id: messageId,
        queue,
        body,
        publishedBy: nodeId,
        publishedAt: now,
        deliveredBy: null,
        deliveredAt: null,
        deliveryCount: 0,
      });
    },
    async receive(queue, nodeId, now, staleBefore, leaseBefore) {
      const alive = (id: string) => staleBefore === null || (nodes.get(id)?.lastHeartbeat ?? -1) >= staleBefore;
      const next = [...messages.values()]
        .filter(
          (m) =>
            m.queue === queue &&
            (m.deliveredBy === null ||
              (m.deliveredAt ?? 0) < leaseBefore ||
              (staleBefore !== null && !alive(m.deliveredBy))),
        )
        .sort((a, b) => a.publishedAt - b.publishedAt || a.id.localeCompare(b.id))[0];
      if (!next) return null;
      next.deliveredBy = nodeId;
      next.deliveredAt = now;
      next.deliveryCount += 1;
      return { messageId: next.id, body: next.body, publishedBy: next.publishedBy, deliveryCount: next.deliveryCount };
    },
    async ack(messageId, nodeId) {
      const m = messages.get(messageId);
      if (!m || m.deliveredBy !== nodeId) return false;
      messages.delete(messageId);
      return true;
    },
    async close() {},
  };
}
