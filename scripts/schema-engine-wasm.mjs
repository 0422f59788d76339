#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary.
//
// Why: every Prisma 7 CLI command (even `prisma generate`) first downloads the native schema engine from
// binaries.prisma.sh unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file (prisma/orm#27703), and Prisma 7
// removed JS/driver-adapter migrations (prisma/orm#28499). This machine has no route to that CDN. The same engine
// is published on npm as WebAssembly (`@prisma/schema-engine-wasm`, pinned to prisma's engines hash), so this
// script speaks the binary's protocol — JSON-RPC 2.0, one message per line on stdin/stdout, logs as JSON lines on
// stderr — and forwards each request to the wasm engine running over a Prisma driver adapter chosen by URL:
//   file:              -> @prisma/adapter-better-sqlite3
//   postgres(ql)://    -> @prisma/adapter-pg
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here only when the variable is unset, so a real engine
// configured by the environment always wins. See docs/decisions/0002-offline-prisma-wasm-schema-engine.md.
//
// The wasm engine and the stock adapters disagree in five places; each patch below is marked "GAP n":
//   1. SQLite, empty DB: applyMigrations fails with P1014 (_prisma_migrations missing) -> create it first.
//   2. SQLite: multi-statement scripts sent through executeRaw (shadow DB) fail -> run them with exec().
//   3. SQLite reset only DELETEs rows -> drop every table/view, recreate an empty _prisma_migrations.
//   4. Postgres: adapter-pg cannot type `"char"` columns (oid 18) read from pg_catalog -> report them as text.
//   5. Postgres shadow DB: adapter-pg's connectToShadowDb connects to the MAIN database (connectionString wins
//      over `database`) and drops the shadow DB before closing its pool -> own create/connect/close/drop.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// stderr logging in the engine's format: the CLI parses each stderr line as `{ level, fields: { message } }` and
// shows the last ERROR's message when the process exits with code 1.
function logLine(level, message) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target: "schema_engine_wasm" })}\n`,
  );
}

/** A URL without its password, for messages. */
function redact(url) {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

function fail(message) {
  logLine("ERROR", message);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Command line: the CLI passes `--datamodels <file>` (repeatable), `--datasource <json>` and optional extras.
function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, version: false, help: false, cliCommand: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) fail(`schema-engine-wasm: ${arg} needs a value`);
      return value;
    };
    if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--datamodels" || arg === "-d") args.datamodels.push(next());
    else if (arg === "--datasource") args.datasource = next();
    else if (arg === "--enabled-preview-features" || arg === "--extension-types")
      next(); // not used by the wasm engine
    else if (arg === "cli") args.cliCommand = next();
    else
      fail(
        `schema-engine-wasm: unsupported argument "${arg}". Only the JSON-RPC server and \`cli can-connect-to-database|create-database\` are implemented.`,
      );
  }
  return args;
}

function enginesHash() {
  return require("@prisma/engines-version/package.json").prisma.enginesVersion;
}

/** The datasource JSON the CLI builds from prisma.config.ts: `{ url, shadowDatabaseUrl? }`. */
function parseDatasource(json) {
  if (json === undefined) return {};
  try {
    const value = JSON.parse(json);
    return {
      url: typeof value.url === "string" ? value.url : undefined,
      shadowDatabaseUrl: typeof value.shadowDatabaseUrl === "string" ? value.shadowDatabaseUrl : undefined,
    };
  } catch {
    fail("schema-engine-wasm: --datasource is not valid JSON");
  }
}

/** The provider named by the first `datasource` block, for commands run without a URL (e.g. diff between files). */
function providerFromSchemas(datamodels) {
  for (const [, content] of datamodels) {
    const match = /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/s.exec(content);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite (better-sqlite3)
const SQLITE_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function sqlitePath(url) {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

/** GAP 2: better-sqlite3's prepare() refuses multi-statement SQL; run such scripts with exec() instead. */
function patchSqliteAdapter(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      const message = String(error?.cause?.message ?? error?.message ?? "");
      if (query.args.length === 0 && /more than one statement/i.test(message)) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw error;
    }
  };
  return adapter;
}

async function sqliteFactory(url, shadowDatabaseUrl) {
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const file = sqlitePath(url);
  // Like the native engine, create the database file (and its directory) on first use.
  if (file !== ":memory:" && file !== "") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const base = new PrismaBetterSqlite3(
    { url: `file:${file}` },
    shadowDatabaseUrl ? { shadowDatabaseUrl: sqlitePath(shadowDatabaseUrl) } : undefined,
  );
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => patchSqliteAdapter(await base.connect()),
    connectToShadowDb: async () => patchSqliteAdapter(await base.connectToShadowDb()),
  };
}

/** GAP 1: the wasm engine reads _prisma_migrations without checking that it exists (P1014 on an empty DB).
 * Create it — only in an EMPTY database, so that a non-empty one without migration history is still refused. */
async function ensureSqliteMigrationsTable(factory) {
  const adapter = await factory.connect();
  try {
    const tables = await adapter.queryRaw({
      sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
      args: [],
      argTypes: [],
    });
    if (tables.rows.length === 0) await adapter.executeScript(SQLITE_MIGRATIONS_TABLE_DDL);
  } finally {
    await adapter.dispose();
  }
}

/** GAP 3: a real reset — drop every user table and view, then leave an empty _prisma_migrations behind, since
 * sqlite_sequence cannot be dropped and a non-empty DB without that table is refused (P3005). */
async function resetSqlite(factory) {
  const adapter = await factory.connect();
  try {
    const result = await adapter.queryRaw({
      sql: "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
      args: [],
      argTypes: [],
    });
    const quote = (name) => `"${String(name).replaceAll('"', '""')}"`;
    const drops = result.rows.map(
      ([type, name]) => `DROP ${type === "view" ? "VIEW" : "TABLE"} IF EXISTS ${quote(name)};`,
    );
    const hasSequence = await adapter.queryRaw({
      sql: "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'",
      args: [],
      argTypes: [],
    });
    await adapter.executeScript(
      [
        "PRAGMA foreign_keys = OFF;",
        ...drops,
        hasSequence.rows.length > 0 ? "DELETE FROM sqlite_sequence;" : "",
        "PRAGMA foreign_keys = ON;",
        `${SQLITE_MIGRATIONS_TABLE_DDL};`,
      ].join("\n"),
    );
  } finally {
    await adapter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL (pg)
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** GAP 4: adapter-pg has no column type for `"char"` (oid 18, e.g. pg_class.relkind); its text value is a string. */
function charAsText(result) {
  for (const res of Array.isArray(result) ? result : [result]) {
    for (const field of res?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

async function pgClientClass() {
  const pg = (await import("pg")).default;
  class CharAsTextClient extends pg.Client {
    query(...args) {
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last];
        args[last] = (error, result) => callback(error, error ? result : charAsText(result));
        return super.query(...args);
      }
      const ret = super.query(...args);
      return ret && typeof ret.then === "function" ? ret.then(charAsText) : ret;
    }
  }
  return { pg, CharAsTextClient };
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Run plain SQL against `url` with one short-lived client. */
async function pgExec(pg, url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Whole scripts go to the server as one simple-protocol query (the stock adapter splits on every ";", which
 * breaks string literals and function bodies); the server runs them atomically, like the native engine. */
function patchPgAdapter(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

async function postgresFactory(url, shadowDatabaseUrl) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { pg, CharAsTextClient } = await pgClientClass();
  const poolConfig = (connectionString) => ({ connectionString, Client: CharAsTextClient, max: 4 });
  const base = new PrismaPg(poolConfig(url));
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => patchPgAdapter(await base.connect()),
    // GAP 5: create the shadow database, connect to IT, and drop it only after its pool is closed.
    connectToShadowDb: async () => {
      if (shadowDatabaseUrl) return patchPgAdapter(await new PrismaPg(poolConfig(shadowDatabaseUrl)).connect());
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await pgExec(pg, url, `CREATE DATABASE "${database}"`);
      const adapter = patchPgAdapter(await new PrismaPg(poolConfig(withDatabase(url, database))).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pgExec(pg, url, `DROP DATABASE IF EXISTS "${database}"`);
      };
      return adapter;
    },
  };
}

/** `createDatabase`: the wasm engine has no such method; connect to the server's maintenance DB and create it. */
async function createPostgresDatabase(url) {
  const pg = (await import("pg")).default;
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!database) throw engineError("P1013", "The database URL names no database.");
  const exists = await pgExec(pg, withDatabase(url, "postgres"), {
    text: "SELECT 1 FROM pg_database WHERE datname = $1",
    values: [database],
  });
  if (exists.rowCount === 0)
    await pgExec(pg, withDatabase(url, "postgres"), `CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  return { databaseName: database };
}

// ---------------------------------------------------------------------------------------------------------------
// `schema-engine --datasource {"url":...} cli can-connect-to-database|create-database`: run by the CLI before
// `migrate dev|deploy|reset` and `db push` (create the database if it is missing). The CLI skips the first stderr
// line, then looks for an ERROR line from target "schema_engine::logger" carrying an error_code (P1003 = does not
// exist, which makes it call create-database next).
function cliError(errorCode, message) {
  process.stderr.write(
    `${JSON.stringify({ level: "ERROR", fields: { message, error_code: errorCode }, target: "schema_engine::logger" })}\n`,
  );
  process.exit(1);
}

async function pgCliCommand(command, url) {
  const pg = (await import("pg")).default;
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, "")) || "postgres";
  const where = `${target.hostname}:${target.port || "5432"}`;
  try {
    if (command === "can-connect-to-database") {
      await pgExec(pg, url, "SELECT 1");
      return "Connection successful";
    }
    const { databaseName } = await createPostgresDatabase(url);
    return `Database '${databaseName}' was successfully created.`;
  } catch (error) {
    if (error?.code === "3D000")
      cliError("P1003", `Database \`${database}\` does not exist on the database server at \`${where}\`.`);
    if (error?.code === "ECONNREFUSED" || error?.code === "ENOTFOUND" || error?.code === "ETIMEDOUT")
      cliError("P1001", `Can't reach database server at \`${where}\``);
    if (error?.code === "28P01" || error?.code === "28000")
      cliError(
        "P1000",
        `Authentication failed against database server at \`${where}\`, the provided database credentials for \`${decodeURIComponent(target.username)}\` are not valid.`,
      );
    cliError(null, `${command} failed on ${where}: ${error?.message ?? String(error)}`);
  }
}

async function sqliteCliCommand(command, url) {
  const file = path.resolve(sqlitePath(url));
  if (command === "can-connect-to-database") {
    if (!fs.existsSync(file)) cliError("P1003", `Database \`${path.basename(file)}\` does not exist at \`${file}\`.`);
    return "Connection successful";
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.closeSync(fs.openSync(file, "a"));
  return `Database '${path.basename(file)}' was successfully created.`;
}

async function runCliCommand(command, url) {
  process.stderr.write(
    `${JSON.stringify({ level: "INFO", fields: { message: `schema-engine-wasm cli ${command}` }, target: "schema_engine_wasm" })}\n`,
  );
  if (command !== "can-connect-to-database" && command !== "create-database")
    cliError(null, `schema-engine-wasm: unsupported cli command "${command}".`);
  if (!url) cliError(null, "schema-engine-wasm: cli commands need --datasource with a url.");
  let output;
  if (url.startsWith("file:")) output = await sqliteCliCommand(command, url);
  else if (/^postgres(ql)?:\/\//.test(url)) output = await pgCliCommand(command, url);
  else
    cliError(
      null,
      "schema-engine-wasm: unsupported datasource URL. Use file:... (SQLite) or postgresql://... (PostgreSQL).",
    );
  process.stdout.write(`${output}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// The wasm engine. Its package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20
// only allows behind --experimental-wasm-modules, so instantiate the module by hand with the same glue.
async function loadWasmEngine() {
  // The engine's panic hook reports the panic message here before trapping; toErrorData() attaches it.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      lastPanicMessage = String(message);
    },
  };
  const entry = require.resolve("@prisma/schema-engine-wasm");
  const dir = path.dirname(entry);
  const glue = await import(new URL(`file://${path.join(dir, "schema_engine_bg.js")}`).href);
  const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

let lastPanicMessage;

function engineError(errorCode, message, meta = {}) {
  return { is_panic: false, message, meta, error_code: errorCode };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON-RPC over stdio.
function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Turn whatever the engine or an adapter threw into the native engine's error payload. */
function toErrorData(error, errorRegistry) {
  let data;
  if (lastPanicMessage !== undefined) {
    data = { is_panic: true, message: lastPanicMessage, meta: null, error_code: null };
    lastPanicMessage = undefined;
  } else if (
    error &&
    typeof error === "object" &&
    "message" in error &&
    ("error_code" in error || "is_panic" in error)
  ) {
    data = {
      is_panic: Boolean(error.is_panic),
      message: String(error.message),
      meta: error.meta ?? null,
      error_code: error.error_code ?? null,
    };
  } else {
    data = { is_panic: false, message: String(error?.message ?? error), meta: null, error_code: null };
  }
  // Adapter errors reach the engine as "External error id#N"; show the JS error behind the id.
  data.message = data.message.replace(/External error id#(\d+)/g, (match, id) => {
    const entry = errorRegistry?.consumeError(Number(id));
    return entry ? `${match}: ${entry.error?.message ?? String(entry.error)}` : match;
  });
  return data;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${enginesHash()}\n`);
    return;
  }
  if (args.help) {
    process.stdout.write(
      "schema-engine-wasm: JSON-RPC on stdio. Options: --datamodels <file>... --datasource <json>\n",
    );
    return;
  }

  if (args.cliCommand) {
    await runCliCommand(args.cliCommand, parseDatasource(args.datasource).url);
    return;
  }

  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  const { url, shadowDatabaseUrl } = parseDatasource(args.datasource);
  const provider = url ? undefined : providerFromSchemas(datamodels);
  let kind;
  if (url?.startsWith("file:") || (!url && provider === "sqlite")) kind = "sqlite";
  else if (/^postgres(ql)?:\/\//.test(url ?? "") || (!url && provider === "postgresql")) kind = "postgres";
  else
    fail(
      `schema-engine-wasm: unsupported datasource URL "${redact(url ?? "(none)")}". Use file:... (SQLite) or postgresql://... (PostgreSQL).`,
    );

  // Without a URL (e.g. `migrate diff --from-empty --to-schema`) nothing is ever connected; use an in-memory DB /
  // an unreachable placeholder so that the engine still has an adapter of the right provider.
  const factory =
    kind === "sqlite"
      ? await sqliteFactory(url ?? "file::memory:", shadowDatabaseUrl)
      : await postgresFactory(url ?? "postgresql://127.0.0.1:1/none", shadowDatabaseUrl);
  // Remember every connection handed to the engine, to close them (and SQLite's journal) before exiting.
  const openAdapters = new Set();
  const tracked = (connectFn) => async () => {
    const adapter = await connectFn();
    openAdapters.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      openAdapters.delete(adapter);
      await dispose();
    };
    return adapter;
  };
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const bound = bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: tracked(factory.connect),
    connectToShadowDb: tracked(factory.connectToShadowDb),
  });
  const { SchemaEngine } = await loadWasmEngine();
  // The engine logs ready-made JSON lines in the native format: pass them through to stderr unchanged.
  let engine;
  try {
    engine = await SchemaEngine.new(
      { datamodels: datamodels.length > 0 ? datamodels : undefined },
      (line) => process.stderr.write(String(line).endsWith("\n") ? String(line) : `${line}\n`),
      bound,
    );
  } catch (error) {
    // The engine connects at start-up (even for diffs between files), so a wrong URL or a missing database shows here.
    const where = redact(url ?? "(no URL)");
    fail(
      `schema-engine-wasm: cannot open the database ${where}: ${String(error?.message ?? error).trim()}. Check DATABASE_URL and that the database exists.`,
    );
  }

  let nextPrintId = 1_000_000;
  const pendingPrints = new Map();
  /** The CLI prints `diff` output only when the engine asks it to with a `print` request. */
  function printViaCli(content) {
    const id = nextPrintId++;
    return new Promise((resolve) => {
      pendingPrints.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });
  }

  const handlers = {
    async reset(params) {
      if (kind === "sqlite") return resetSqlite(factory).then(() => ({})); // GAP 3
      await engine.reset(params);
      return {};
    },
    async diff(params) {
      const result = await engine.diff(params);
      if (result.stdout) await printViaCli(result.stdout.replace(/\n$/, ""));
      return { exitCode: result.exitCode, stdout: null };
    },
    async createDatabase(params) {
      const target = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : url;
      if (kind === "postgres" && target) return createPostgresDatabase(target);
      const conn = await factory.connect(); // SQLite: opening the file creates it
      await conn.dispose();
      return { databaseName: sqlitePath(target ?? "") };
    },
    getDatabaseVersion: (params) => engine.version(params ?? null),
  };
  // GAP 1: every method that reads the migrations table first makes sure an empty SQLite DB has one.
  for (const method of [
    "applyMigrations",
    "markMigrationApplied",
    "markMigrationRolledBack",
    "devDiagnostic",
    "diagnoseMigrationHistory",
  ]) {
    handlers[method] = async (params) => {
      if (kind === "sqlite") await ensureSqliteMigrationsTable(factory);
      return (await engine[method](params)) ?? {};
    };
  }
  for (const method of [
    "createMigration",
    "dbExecute",
    "devDiagnostic",
    "diagnoseMigrationHistory",
    "ensureConnectionValidity",
    "evaluateDataLoss",
    "introspect",
    "markMigrationRolledBack",
    "schemaPush",
    "introspectSql",
    "debugPanic",
  ]) {
    handlers[method] ??= async (params) => (await engine[method](params)) ?? {};
  }

  let inFlight = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    // A response to one of our `print` requests.
    if (message.method === undefined && pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
      return;
    }
    // One request at a time, in order, as the native engine does.
    inFlight = inFlight.then(async () => {
      const handler = handlers[message.method];
      if (!handler) {
        send({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32601, message: `Method not found: ${message.method} (not supported by the wasm stand-in)` },
        });
        return;
      }
      try {
        const result = await handler(message.params);
        send({ jsonrpc: "2.0", id: message.id, result: result ?? {} });
      } catch (error) {
        send({
          jsonrpc: "2.0",
          id: message.id,
          error: {
            code: 4466,
            message: "An error happened. Check the data field for details.",
            data: toErrorData(error, bound.errorRegistry),
          },
        });
      }
    });
  });
  // The CLI stops the engine by closing stdin and, at once, SIGTERM. Either way: close the connections (bounded in
  // time) so SQLite leaves no journal behind and PostgreSQL sessions end cleanly, then exit like the binary.
  let shuttingDown = false;
  function shutdown(waitFor) {
    if (shuttingDown) return;
    shuttingDown = true;
    waitFor
      .then(() =>
        Promise.race([
          Promise.allSettled([...openAdapters].map((a) => a.dispose())),
          new Promise((r) => setTimeout(r, 3_000)),
        ]),
      )
      .finally(() => process.exit(0));
  }
  lines.on("close", () => shutdown(inFlight));
  process.on("SIGTERM", () => shutdown(Promise.resolve()));
}

// A panic inside the wasm engine surfaces as an uncaught error; exit like the native binary does on a panic (101).
process.on("uncaughtException", (error) => {
  logLine("ERROR", `schema-engine-wasm: ${lastPanicMessage ?? error?.message ?? String(error)}`);
  process.exit(101);
});

main().catch((error) => fail(`schema-engine-wasm: ${error?.message ?? String(error)}`));
