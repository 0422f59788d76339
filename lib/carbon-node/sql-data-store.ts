/**
 * Shared databases through real drivers: pg for jdbc:postgresql, mysql2 for jdbc:mysql and
 * jdbc:mariadb. Pools are opened lazily on first use, so a node starts even when its database is
 * still coming up (a Carbon server logs datasource errors and starts, too). Tables are the training
 * node's own (`clusterlab_registry`, `clusterlab_counter`), created on first use.
 */
import pg from "pg";
import mysql from "mysql2/promise";
import type { Datasource } from "@/lib/wso2-config/model";
import { COUNTER_THINK_MS, sleep, type DataStore } from "./data-store";
import type { JdbcTarget } from "./jdbc-url";

type Row = Record<string, unknown>;
/** One connection's query function; SQL is written with `?` placeholders. */
type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;

type Driver = {
  withConnection<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  query: Query;
  upsertRegistry: string;
  ensureCounter: string;
  end(): Promise<void>;
};

function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function poolSize(ds: Datasource): number {
  const raw = ds.pool["maxActive"];
  const n = typeof raw === "number" ? raw : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 50; // Carbon's maxActive default (facts §7)
}

/** Where the database is (from the JDBC URL) and who logs in (from the datasource): the same for both drivers. */
function serverAndLogin(
  target: Extract<JdbcTarget, { kind: "postgresql" | "mysql" }>,
  ds: Datasource,
): { host: string; port: number; database: string; user?: string; password?: string } {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: ds.username ?? undefined,
    password: ds.password ?? undefined,
  };
}

function pgDriver(target: Extract<JdbcTarget, { kind: "postgresql" }>, ds: Datasource): Driver {
  const pool = new pg.Pool({
    ...serverAndLogin(target, ds),
    max: poolSize(ds),
    connectionTimeoutMillis: 10_000,
  });
  pool.on("error", () => undefined); // an idle client dropped by the server; the pool replaces it
  const query: Query = async (sql, params = []) => (await pool.query(toPgPlaceholders(sql), params)).rows as Row[];
  return {
    query,
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (sql, params = []) => (await client.query(toPgPlaceholders(sql), params)).rows as Row[]);
      } finally {
        client.release();
      }
    },
    upsertRegistry:
      "INSERT INTO clusterlab_registry (path, content, updated_at) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET content = EXCLUDED.content, updated_at = EXCLUDED.updated_at",
    ensureCounter: "INSERT INTO clusterlab_counter (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
    end: () => pool.end(),
  };
}

function mysqlDriver(target: Extract<JdbcTarget, { kind: "mysql" }>, ds: Datasource): Driver {
  const pool = mysql.createPool({
    ...serverAndLogin(target, ds),
    connectionLimit: poolSize(ds),
    connectTimeout: 10_000,
  });
  const run = async (conn: mysql.Pool | mysql.PoolConnection, sql: string, params: unknown[]): Promise<Row[]> => {
    const [rows] = await conn.query(sql, params);
    return Array.isArray(rows) ? (rows as Row[]) : [];
  };
  return {
    query: (sql, params = []) => run(pool, sql, params),
    async withConnection(fn) {
      const conn = await pool.getConnection();
      try {
        return await fn((sql, params = []) => run(conn, sql, params));
      } finally {
        conn.release();
      }
    },
    upsertRegistry:
      "INSERT INTO clusterlab_registry (path, content, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE content = VALUES(content), updated_at = VALUES(updated_at)",
    ensureCounter: "INSERT IGNORE INTO clusterlab_counter (name, value) VALUES (?, 0)",
    end: () => pool.end(),
  };
}

/** The same pooled driver for other models of the node (the broker profile's store, lib/carbon-node/broker). */
export type SqlDriver = Pick<Driver, "query" | "withConnection" | "end">;
export type SqlQuery = Query;
export function createSqlDriver(
  ds: Datasource,
  target: Extract<JdbcTarget, { kind: "postgresql" | "mysql" }>,
): SqlDriver {
  return target.kind === "postgresql" ? pgDriver(target, ds) : mysqlDriver(target, ds);
}

/**
 * Create `statements`' tables once, on first use. Nodes that start together race to create them and PostgreSQL can
 * report the loser as a duplicate, so each statement is tried three times, `retryMs` apart; a failure is not
 * cached (the next use tries again).
 */
export function lazyTables(driver: SqlDriver, statements: ReadonlyArray<string>, retryMs: number): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () => {
    ready ??= (async () => {
      for (const sql of statements) {
        for (let attempt = 0; ; attempt++) {
          try {
            await driver.query(sql);
            break;
          } catch (error) {
            if (attempt === 2) throw error;
            await sleep(retryMs);
          }
        }
      }
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
}

/** Run `work` on one connection inside BEGIN … COMMIT, rolled back when it throws. */
export function inTransaction<T>(driver: SqlDriver, work: (q: Query) => Promise<T>): Promise<T> {
  return driver.withConnection(async (q) => {
    await q("BEGIN");
    try {
      const result = await work(q);
      await q("COMMIT");
      return result;
    } catch (error) {
      await q("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}

const CREATE_TABLES = [
  "CREATE TABLE IF NOT EXISTS clusterlab_registry (path VARCHAR(512) PRIMARY KEY, content TEXT NOT NULL, updated_at BIGINT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS clusterlab_counter (name VARCHAR(128) PRIMARY KEY, value BIGINT NOT NULL)",
];

export function createSqlDataStore(
  ds: Datasource,
  target: Extract<JdbcTarget, { kind: "postgresql" | "mysql" }>,
): DataStore {
  const driver = target.kind === "postgresql" ? pgDriver(target, ds) : mysqlDriver(target, ds);
  const ensureTables = lazyTables(driver, CREATE_TABLES, 50);
  const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));
  return {
    description: `${ds.name} (${target.kind} ${target.host}:${target.port}/${target.database})`,
    shared: true,
    async registryGet(path) {
      await ensureTables();
      const rows = await driver.query("SELECT content FROM clusterlab_registry WHERE path = ?", [path]);
      const content = rows[0]?.["content"];
      return typeof content === "string" ? content : null;
    },
    async registryPut(path, content) {
      await ensureTables();
      await driver.query(driver.upsertRegistry, [path, content, Date.now()]);
    },
    async counterGet(name) {
      await ensureTables();
      const rows = await driver.query("SELECT value FROM clusterlab_counter WHERE name = ?", [name]);
      return rows[0] ? num(rows[0]["value"]) : 0;
    },
    async counterIncrement(name, tx) {
      await ensureTables();
      await driver.query(driver.ensureCounter, [name]);
      if (!tx) {
        const rows = await driver.query("SELECT value FROM clusterlab_counter WHERE name = ?", [name]);
        const next = num(rows[0]?.["value"] ?? 0) + 1;
        await sleep(COUNTER_THINK_MS);
        await driver.query("UPDATE clusterlab_counter SET value = ? WHERE name = ?", [next, name]);
        return next;
      }
      return inTransaction(driver, async (q) => {
        const rows = await q("SELECT value FROM clusterlab_counter WHERE name = ? FOR UPDATE", [name]);
        const next = num(rows[0]?.["value"] ?? 0) + 1;
        await sleep(COUNTER_THINK_MS);
        await q("UPDATE clusterlab_counter SET value = ? WHERE name = ?", [next, name]);
        return next;
      });
    },
    close: () => driver.end(),
  };
}
