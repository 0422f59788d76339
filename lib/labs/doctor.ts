/**
 * `clusterlab doctor`: can this machine run the labs? Each finding says what is wrong and the command
 * that fixes it. Findings are data so the web UI can show the same list.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pingDocker, type DockerConnection } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { defaultImage, NODE_ROLES, type ClusterRuntime, type NodeRole } from "@/lib/runtime/types";
import type { RegisteredLab } from "./registry";

export type FindingStatus = "ok" | "warn" | "problem";
export type Finding = { id: string; status: FindingStatus; summary: string; fix?: string };

/** Labs with 3-4 nodes of 512 MB each, plus the engine's own overhead. */
const MIN_ENGINE_MEMORY = 2 * 1024 ** 3;
const GOOD_ENGINE_MEMORY = 4 * 1024 ** 3;
const MIN_NODE = [20, 19] as const;

export type DoctorInput = {
  conn: DockerConnection;
  runtime: ClusterRuntime;
  labs: Array<RegisteredLab>;
  /** The course web app's port (PORT). */
  appPort: number;
  /** Repo root, for the training-node bundle. */
  root: string;
  /** Remove orphaned sessions instead of only reporting them. */
  fix?: boolean;
};

export async function runDoctor(input: DoctorInput): Promise<Array<Finding>> {
  const findings: Array<Finding> = [nodeVersion()];
  const engine = await dockerEngine(input.conn);
  findings.push(engine.finding);
  if (engine.memoryBytes !== null) findings.push(memory(engine.memoryBytes));
  if (engine.ok) {
    findings.push(...(await images(input.conn, input.labs)));
    findings.push(...(await sessionFindings(input.runtime, input.fix ?? false)));
  }
  findings.push(await appPort(input.appPort));
  // The bundle only matters for building the carbon-node image or for --runtime process: with the image present, a
  // missing bundle is no reason to warn a learner (walkthrough F12).
  const carbonImagePresent = findings.some((f) => f.id === "image:carbon" && f.status === "ok");
  findings.push(trainingNodeBundle(input.root, carbonImagePresent));
  return findings;
}

function nodeVersion(): Finding {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { id: "node", status: "ok", summary: `Node.js ${process.versions.node}` }
    : {
        id: "node",
        status: "problem",
        summary: `Node.js ${process.versions.node} is too old`,
        fix: `Install Node.js ${MIN_NODE.join(".")} or newer.`,
      };
}

async function dockerEngine(
  conn: DockerConnection,
): Promise<{ ok: boolean; memoryBytes: number | null; finding: Finding }> {
  try {
    const info = await pingDocker(conn);
    return {
      ok: true,
      memoryBytes: info.memoryBytes || null,
      finding: {
        id: "docker",
        status: "ok",
        summary: `Docker ${info.version} (API ${info.apiVersion}, ${info.os}/${info.arch}) at ${conn.describe}`,
      },
    };
  } catch (error) {
    return {
      ok: false,
      memoryBytes: null,
      finding: {
        id: "docker",
        status: "problem",
        summary: `No Docker engine answers at ${conn.describe}`,
        fix:
          "Start Docker (`sudo systemctl start docker`, or `dockerd &`), or point DOCKER_HOST at a running engine. " +
          (error instanceof Error ? `(${error.message.split(" (")[1]?.split(")")[0] ?? "no answer"})` : ""),
      },
    };
  }
}

function memory(bytes: number): Finding {
  const gib = (bytes / 1024 ** 3).toFixed(1);
  if (bytes < MIN_ENGINE_MEMORY) {
    return {
      id: "memory",
      status: "problem",
      summary: `The engine has ${gib} GiB of memory; labs need about 2 GiB`,
      fix: "Give Docker more memory (Docker Desktop: Settings → Resources) or close other containers.",
    };
  }
  if (bytes < GOOD_ENGINE_MEMORY)
    return {
      id: "memory",
      status: "warn",
      summary: `The engine has ${gib} GiB of memory; the larger labs are more comfortable with 4 GiB`,
    };
  return { id: "memory", status: "ok", summary: `The engine has ${gib} GiB of memory` };
}

async function images(conn: DockerConnection, labs: Array<RegisteredLab>): Promise<Array<Finding>> {
  const usedBy = new Map<NodeRole, Array<string>>();
  for (const lab of labs) {
    for (const node of lab.definition.topology.nodes) {
      if (node.image) continue;
      const ids = usedBy.get(node.role) ?? [];
      if (!ids.includes(lab.definition.id)) ids.push(lab.definition.id);
      usedBy.set(node.role, ids);
    }
  }
  const findings: Array<Finding> = [];
  for (const role of NODE_ROLES) {
    const image = defaultImage(role);
    const present = await imageExists(conn, image);
    const needed = usedBy.get(role) ?? [];
    if (present) findings.push({ id: `image:${role}`, status: "ok", summary: `Image ${image} is present` });
    else {
      findings.push({
        id: `image:${role}`,
        status: needed.length > 0 ? "problem" : "warn",
        summary: `Image ${image} is missing${needed.length > 0 ? ` (needed by lab${needed.length === 1 ? "" : "s"} ${needed.join(", ")})` : ""}`,
        fix: "Build the images: `clusterlab images build` (or `clusterlab images build --offline` without a registry).",
      });
    }
  }
  return findings;
}

/** Running sessions (info) and orphans (a problem, or removed with `fix`). Exported for tests. */
export async function sessionFindings(runtime: ClusterRuntime, fix: boolean): Promise<Array<Finding>> {
  const all = await runtime.listSessions();
  const orphans = all.filter((s) => s.orphanReason);
  const findings: Array<Finding> = [];
  for (const s of all.filter((x) => !x.orphanReason)) {
    findings.push({
      id: `session:${s.session}`,
      status: "ok",
      summary: `Lab ${s.lab} is up (session ${s.session}, ${s.nodes.length} node${s.nodes.length === 1 ? "" : "s"}${s.detached ? "" : `, owned by pid ${s.ownerPid}`})`,
    });
  }
  if (orphans.length === 0) {
    findings.push({ id: "leftovers", status: "ok", summary: "No leftover lab sessions" });
  } else if (fix) {
    const reaped = await runtime.reap();
    findings.push({
      id: "leftovers",
      status: "ok",
      summary: `Removed ${reaped.removed.length} leftover session(s): ${reaped.removed.map((r) => `${r.session} (${r.reason})`).join(", ")}`,
    });
    for (const f of reaped.failed ?? []) {
      findings.push({
        id: "leftovers",
        status: "problem",
        summary: `Could not remove leftover session ${f.session}: ${f.error}`,
        fix: `See what holds it: \`docker ps -a --filter network=clusterlab-${f.session}\`; remove that container, then run \`clusterlab doctor --fix\` again.`,
      });
    }
  } else {
    findings.push({
      id: "leftovers",
      status: "problem",
      summary: `${orphans.length} leftover lab session(s): ${orphans.map((s) => `${s.session} (${s.orphanReason === "expired" ? "its time limit passed" : "the process that started it is gone"})`).join(", ")}`,
      fix: "Run `clusterlab doctor --fix` (any `lab up` or `lab check` also removes them).",
    });
  }
  return findings;
}

/** The course app listens on 127.0.0.1:PORT; a clash there is the one port problem a learner meets (lab ports are picked free by the engine). */
async function appPort(port: number): Promise<Finding> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
  return free
    ? { id: "port", status: "ok", summary: `Port ${port} (the course web app) is free` }
    : {
        id: "port",
        status: "warn",
        summary: `Port ${port} on 127.0.0.1 is in use (fine if the course app is already running there)`,
        fix: `Stop whatever uses it, or start the app on another port: PORT=${port + 1} npm start.`,
      };
}

export function trainingNodeBundle(root: string, carbonImagePresent: boolean): Finding {
  const bundle = path.join(root, "dist", "carbon-node", "carbon-node.mjs");
  if (fs.existsSync(bundle))
    return { id: "carbon-node-bundle", status: "ok", summary: "The training node bundle is built" };
  if (carbonImagePresent) {
    return {
      id: "carbon-node-bundle",
      status: "ok",
      summary:
        "The training node bundle is not built; not needed, the carbon-node image is present (run `npm run build:carbon-node` only to rebuild the image or for --runtime process)",
    };
  }
  return {
    id: "carbon-node-bundle",
    status: "warn",
    summary: "The training node bundle (dist/carbon-node/carbon-node.mjs) is not built",
    fix: "Run `npm run build:carbon-node` (needed to build the carbon-node image and for --runtime process).",
  };
}

export function doctorExitCode(findings: Array<Finding>): 0 | 2 {
  return findings.some((f) => f.status === "problem") ? 2 : 0;
}

export function formatFindings(findings: Array<Finding>): string {
  const mark: Record<FindingStatus, string> = { ok: "ok     ", warn: "warn   ", problem: "PROBLEM" };
  const lines = findings.flatMap((f) => [
    `${mark[f.status]} ${f.summary}`,
    ...(f.fix && f.status !== "ok" ? [`        fix: ${f.fix}`] : []),
  ]);
  const problems = findings.filter((f) => f.status === "problem").length;
  lines.push(
    problems === 0
      ? "This machine is ready for the labs."
      : `${problems} problem${problems === 1 ? "" : "s"} to fix (see above).`,
  );
  return lines.join("\n");
}
