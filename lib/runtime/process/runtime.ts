/**
 * The process ClusterRuntime: the same topology as local processes, each node on its own loopback
 * address 127.0.<block>.<n> (Linux routes all of 127/8 to lo), files re-rooted under a per-node folder,
 * logs in a file, PIDs recorded in a session file so other processes can attach, stop and reap.
 * Faults: stop = SIGTERM (then SIGKILL after the timeout), kill = SIGKILL, pause = SIGSTOP/SIGCONT, all
 * to the node's process group. There is no per-node network here, so disconnect/partition are refused.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getEnv } from "@/lib/env";
import { lastLogText, linkSharedFolders, writeNodeFiles } from "./files";
import { currentOwner, orphanReason, type Owner } from "../owner";
import { startInStages } from "../staged-start";
import {
  parseTopology,
  RuntimeError,
  SessionNotFoundError,
  UnknownNodeError,
  UnsupportedOperationError,
  type ClusterRuntime,
  type ExecResult,
  type NodeState,
  type ReapReport,
  type SessionInfo,
  type SessionSummary,
  type StartedCluster,
  type StartedNode,
} from "../types";
import { waitFor, type WaitTarget } from "../wait";
import { ourProcessState, procStat, signalGroup, waitGone } from "./pids";
import { childEnv, DEFAULT_NGINX, programFor, type ProgramOptions } from "./programs";
import {
  claimBlock,
  listSessionIds,
  readSession,
  releaseBlock,
  sessionDir,
  writeSession,
  type ProcessNodeRecord,
  type ProcessSession,
} from "./session-store";

export type ProcessRuntimeOptions = {
  /** Where session files and node folders live; default <data dir>/runtime/process. */
  stateDir?: string;
  /** Default: <repo>/dist/carbon-node/carbon-node.mjs (`npm run build:carbon-node`). */
  carbonNodeBundle?: string;
  nginxBinary?: string;
  postgresBinDir?: string;
  now?: () => number;
  owner?: Owner;
};

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function createProcessRuntime(options: ProcessRuntimeOptions = {}): ClusterRuntime {
  const { now = Date.now } = options;
  const stateDir = options.stateDir ?? path.join(getEnv().CLUSTERLAB_DATA_DIR, "runtime", "process");
  const programOptions: ProgramOptions = {
    carbonNodeBundle: options.carbonNodeBundle ?? path.join(REPO_ROOT, "dist", "carbon-node", "carbon-node.mjs"),
    nginxBinary: options.nginxBinary ?? DEFAULT_NGINX,
    postgresBinDir: options.postgresBinDir,
  };

  /** Launch one node detached (own process group, outlives us) and record its PID. */
  async function launch(data: ProcessSession, record: ProcessNodeRecord): Promise<void> {
    const program = await programFor({ spec: record.spec, address: record.address, root: record.root }, programOptions);
    const log = fs.openSync(record.logFile, "a");
    if (program.uid !== undefined) fs.fchownSync(log, program.uid, program.gid ?? program.uid);
    try {
      const child = spawn(program.command, program.args, {
        cwd: record.root,
        env: childEnv({ PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", ...program.env }),
        detached: true,
        stdio: ["ignore", log, log],
        ...(program.uid !== undefined ? { uid: program.uid, gid: program.gid ?? program.uid } : {}),
      });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once("spawn", () => resolve(child.pid ?? -1));
        child.once("error", (error) =>
          reject(new RuntimeError(`cannot run ${program.command}: ${error.message}`, "failed")),
        );
      });
      child.unref();
      record.pid = pid;
      record.startTicks = procStat(pid)?.startTicks ?? null;
      writeSession(stateDir, data);
    } finally {
      fs.closeSync(log);
    }
  }

  function target(record: ProcessNodeRecord): WaitTarget {
    return {
      endpoint: (port) => ({ host: record.address, port }),
      logs: async () => lastLogText(record.logFile, 256 * 1024),
      isRunning: async () => {
        const state = ourProcessState(record.pid, record.startTicks);
        return state === "running" || state === "stopped";
      },
    };
  }

  async function stopNode(record: ProcessNodeRecord, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const { pid, startTicks } = record;
    // Only a process we can prove we started is signalled: pid 1 or below would make kill(-pid) hit every process
    // of the user, and without the recorded start time a recycled or planted pid is somebody else's (M3).
    if (pid === null || pid <= 1 || startTicks === null || ourProcessState(pid, startTicks) === "gone") return;
    // A paused (SIGSTOPped) group would never act on SIGTERM.
    signalGroup(pid, "SIGCONT");
    signalGroup(pid, signal);
    if (!(await waitGone(pid, startTicks, timeoutMs))) {
      signalGroup(pid, "SIGKILL");
      await waitGone(pid, startTicks, 5000);
    }
  }

  async function removeSession(data: ProcessSession): Promise<void> {
    await Promise.all(data.nodes.map((n) => stopNode(n, "SIGKILL", 5000)));
    fs.rmSync(sessionDir(stateDir, data.session), { recursive: true, force: true });
    releaseBlock(stateDir, data.block, data.session);
  }

  function infoOf(data: ProcessSession): SessionInfo {
    const { lab, session, ownerPid, ownerHost, createdAt, expiresAt, detached } = data;
    return { lab, session, runtime: "process", ownerPid, ownerHost, createdAt, expiresAt, detached };
  }

  function cluster(data: ProcessSession): StartedCluster {
    function record(node: string): ProcessNodeRecord {
      const found = data.nodes.find((n) => n.spec.name === node);
      if (!found)
        throw new UnknownNodeError(
          node,
          data.nodes.map((n) => n.spec.name),
        );
      return found;
    }
    const unsupported = (operation: string) => async () => {
      throw new UnsupportedOperationError(operation, "process", "local processes share the host's loopback network");
    };
    const down = async () => removeSession(data);
    return {
      info: infoOf(data),
      session: data.session,
      get nodes() {
        return Object.fromEntries(
          data.nodes.map((n): [string, StartedNode] => [
            n.spec.name,
            {
              name: n.spec.name,
              role: n.spec.role,
              hostPorts: Object.fromEntries(n.spec.ports.map((p) => [p, { host: n.address, port: p }])),
              address: n.address,
              aliases: [n.spec.name, ...n.spec.aliases],
              mounts: n.spec.mounts,
            },
          ]),
        );
      },
      endpoint(node, port) {
        return { host: record(node).address, port };
      },
      async stop(node, { graceful = true, timeoutMs = 10_000 } = {}) {
        await stopNode(record(node), graceful ? "SIGTERM" : "SIGKILL", timeoutMs);
      },
      async start(node) {
        const r = record(node);
        const state = ourProcessState(r.pid, r.startTicks);
        if (state === "running" || state === "stopped") return;
        await launch(data, r);
      },
      async kill(node) {
        await stopNode(record(node), "SIGKILL", 5000);
      },
      async pause(node) {
        const r = record(node);
        if (r.pid === null || r.pid <= 1 || r.startTicks === null || ourProcessState(r.pid, r.startTicks) !== "running")
          return;
        signalGroup(r.pid, "SIGSTOP");
        await untilState(r, "stopped");
      },
      async unpause(node) {
        const r = record(node);
        if (r.pid === null || r.pid <= 1 || r.startTicks === null || ourProcessState(r.pid, r.startTicks) !== "stopped")
          return;
        signalGroup(r.pid, "SIGCONT");
        await untilState(r, "running");
      },
      disconnect: unsupported("disconnect"),
      reconnect: unsupported("reconnect"),
      partition: unsupported("partition"),
      heal: unsupported("heal"),
      async exec(node, argv, { timeoutMs = 30_000 } = {}): Promise<ExecResult> {
        const r = record(node);
        return execBounded(argv, {
          cwd: r.root,
          env: { PATH: "/usr/local/bin:/usr/bin:/bin", ...r.spec.env, CLUSTERLAB_NODE_ADDRESS: r.address },
          timeoutMs,
        });
      },
      async logs(node, { tail = 100 } = {}) {
        return lastLines(lastLogText(record(node).logFile, 1024 * 1024), tail);
      },
      async state(node): Promise<NodeState> {
        const r = record(node);
        const state = ourProcessState(r.pid, r.startTicks);
        return state === "running" ? "running" : state === "stopped" ? "paused" : "stopped";
      },
      async waitReady(node, { signal, timeoutMs } = {}) {
        const r = record(node);
        await waitFor(r.spec.wait, target(r), { deadline: Date.now() + (timeoutMs ?? r.spec.readyTimeoutMs), signal });
      },
      down,
      [Symbol.asyncDispose]: down,
    };
  }

  async function listSessions({ lab }: { lab?: string } = {}): Promise<Array<SessionSummary>> {
    const summaries: Array<SessionSummary> = [];
    for (const id of listSessionIds(stateDir)) {
      const data = readSession(stateDir, id);
      if (!data || (lab && data.lab !== lab)) continue;
      const nodes = data.nodes.map((n) => {
        const state = ourProcessState(n.pid, n.startTicks);
        return {
          name: n.spec.name,
          state: (state === "running" ? "running" : state === "stopped" ? "paused" : "stopped") as NodeState,
        };
      });
      const reason = orphanReason(data, { now: now(), alive: data.detached ? () => true : undefined });
      summaries.push({ ...infoOf(data), nodes, ...(reason ? { orphanReason: reason } : {}) });
    }
    return summaries;
  }

  async function remove(session: string): Promise<void> {
    const data = readSession(stateDir, session);
    if (data) await removeSession(data);
    else fs.rmSync(sessionDir(stateDir, session), { recursive: true, force: true });
  }

  return {
    kind: "process",
    async available() {
      return { ok: true, describe: `local processes on 127.0.x.y (state in ${stateDir})` };
    },

    async up(input, { signal, onProgress = () => {}, detach = false } = {}) {
      const topology = parseTopology(input);
      if (readSession(stateDir, topology.session)) {
        throw new RuntimeError(
          `A process session "${topology.session}" already exists: use a new session id.`,
          "invalid-topology",
        );
      }
      const me = options.owner ?? currentOwner();
      const createdAt = now();
      const dir = sessionDir(stateDir, topology.session);
      fs.mkdirSync(dir, { recursive: true });
      const block = claimBlock(stateDir, topology.session);
      const data: ProcessSession = {
        version: 1,
        lab: topology.lab,
        session: topology.session,
        ownerPid: me.pid,
        ownerHost: me.host,
        createdAt,
        expiresAt: createdAt + topology.ttlMs,
        ttlMs: topology.ttlMs,
        detached: false,
        block,
        nodes: topology.nodes.map((spec, index) => ({
          spec: { ...spec, files: [], env: spec.env },
          address: `127.0.${block}.${index + 2}`,
          root: path.join(dir, "nodes", spec.name),
          logFile: path.join(dir, "nodes", `${spec.name}.log`),
          pid: null,
          startTicks: null,
        })),
      };
      try {
        writeSession(stateDir, data);
        await startInStages(
          topology,
          {
            async start(node) {
              const r = data.nodes.find((n) => n.spec.name === node.name);
              if (!r) throw new RuntimeError(`node ${node.name} missing`, "failed");
              fs.mkdirSync(r.root, { recursive: true });
              await writeNodeFiles(node.files, r.root);
              linkSharedFolders(node.mounts, r.root, path.join(dir, "shares"));
              await launch(data, r);
            },
            target(node) {
              const r = data.nodes.find((n) => n.spec.name === node.name);
              if (!r) throw new RuntimeError(`node ${node.name} missing`, "failed");
              return target(r);
            },
            async lastLogs(node, lines) {
              const r = data.nodes.find((n) => n.spec.name === node.name);
              return r ? lastLines(lastLogText(r.logFile, 256 * 1024), lines) : "";
            },
          },
          { signal, onProgress, now },
        );
        if (detach) {
          data.detached = true;
          writeSession(stateDir, data);
        }
        return cluster(data);
      } catch (error) {
        onProgress({
          kind: "cleaning-up",
          reason: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error),
        });
        await removeSession(data).catch(() => undefined);
        if (error instanceof RuntimeError) throw error;
        throw new RuntimeError(
          `Starting lab session ${topology.session} failed: ${error instanceof Error ? error.message : String(error)}. Everything it started was stopped.`,
          signal?.aborted ? "aborted" : "failed",
          { cause: error },
        );
      }
    },

    async attach(session) {
      const data = readSession(stateDir, session);
      if (!data) throw new SessionNotFoundError(session);
      // L2: a detached lab in use (status, check, logs attach to it) renews its lease by its own TTL, so the
      // reaper's TTL removes only labs nobody touched for that long.
      if (data.detached && data.expiresAt > now()) {
        const ttlMs = data.ttlMs ?? data.expiresAt - data.createdAt;
        const renewed = now() + ttlMs;
        if (renewed > data.expiresAt) {
          data.expiresAt = renewed;
          data.ttlMs = ttlMs;
          writeSession(stateDir, data);
        }
      }
      return cluster(data);
    },
    listSessions,
    remove,
    async reap({ now: at = now(), lab } = {}): Promise<ReapReport> {
      const removed: ReapReport["removed"] = [];
      const failed: NonNullable<ReapReport["failed"]> = [];
      for (const s of await listSessions({ lab })) {
        const reason = orphanReason(s, { now: at, alive: s.detached ? () => true : undefined });
        if (!reason) continue;
        try {
          await remove(s.session);
          removed.push({ session: s.session, lab: s.lab, reason });
        } catch (error) {
          failed.push({
            session: s.session,
            lab: s.lab,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return failed.length > 0 ? { removed, failed } : { removed };
    },
  };
}

/** Signals are delivered asynchronously: poll (bounded, 2 s) until the kernel shows the new state. */
async function untilState(record: ProcessNodeRecord, wanted: "stopped" | "running"): Promise<void> {
  const deadline = Date.now() + 2000;
  while (ourProcessState(record.pid, record.startTicks) !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function lastLines(text: string, count: number): string {
  return text.replace(/\s+$/, "").split("\n").slice(-count).join("\n");
}

/** Run argv (no shell) with a deadline and bounded output. */
function execBounded(
  argv: Array<string>,
  { cwd, env, timeoutMs }: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<ExecResult> {
  const [command, ...args] = argv;
  if (!command) return Promise.reject(new RuntimeError("exec needs a command", "failed"));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    const out = { stdout: "", stderr: "" };
    const max = 1_000_000;
    child.stdout.on("data", (c: Buffer) => (out.stdout = (out.stdout + c.toString()).slice(0, max)));
    child.stderr.on("data", (c: Buffer) => (out.stderr = (out.stderr + c.toString()).slice(0, max)));
    child.once("error", (error) => reject(new RuntimeError(`exec ${command}: ${error.message}`, "failed")));
    child.once("close", (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : -1), ...out }));
  });
}
