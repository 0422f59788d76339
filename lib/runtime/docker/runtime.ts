/**
 * The Docker ClusterRuntime: one private bridge network per session, one container per node, every
 * object labelled (lab, session, node, owner, expiry). See docs/decisions/0003-runtime-labels-and-docker-ownership.md.
 *
 * Container hardening (every role): not privileged, ALL capabilities dropped and none added back,
 * no-new-privileges, memory and pid limits, ports published on 127.0.0.1 only on free host ports.
 * Our images run their server as a non-root user (carbon, www-data, postgres, mysql), so no role needs a
 * capability: Docker >= 20.10 lets unprivileged users bind ports below 1024 inside a container.
 */
import { LABEL_LAB, LABEL_NETWORK_ROLE, LABEL_NODE, LABEL_SESSION, LABEL_DETACHED, LABEL_SHARE } from "../labels";
import { filesTar, resolveFiles } from "../node-files";
import { currentOwner, orphanReason, type Owner } from "../owner";
import { startInStages } from "../staged-start";
import {
  defaultImage,
  parseTopology,
  RuntimeError,
  SessionNotFoundError,
  type ClusterRuntime,
  type NodeSpec,
  type ReapReport,
  type SessionInfo,
  type SessionSummary,
  type StartedCluster,
} from "../types";
import {
  connectDocker,
  containerLogs,
  createContainer,
  connectToNetwork,
  createNetwork,
  createVolume,
  inspectContainer,
  listLabelled,
  pingDocker,
  putArchive,
  removeLabelled,
  startContainer,
  type ContainerFacts,
  type DockerConnection,
} from "./client";
import { dockerCluster, dockerNames, dockerWaitTarget } from "./cluster";
import { imageExists } from "./import-image";
import {
  isDetachedMarker,
  nodeSpecFromLabels,
  nodeSpecLabel,
  sessionInfoFromLabels,
  sessionObjectLabels,
} from "./session-labels";

export type DockerRuntimeOptions = {
  conn?: DockerConnection;
  /** Prefix of every object name (tests use their own to be recognisable). */
  namePrefix?: string;
  now?: () => number;
  owner?: Owner;
};

export function createDockerRuntime({
  conn = connectDocker(),
  namePrefix = "clusterlab",
  now = Date.now,
  owner,
}: DockerRuntimeOptions = {}): ClusterRuntime {
  async function attach(session: string): Promise<StartedCluster> {
    const found = await listLabelled(conn, { [LABEL_SESSION]: session });
    const detached = found.volumes.some((v) => isDetachedMarker(v.labels));
    const labelSource =
      found.networks.find((n) => n.labels[LABEL_NETWORK_ROLE] === "main")?.labels ?? found.containers[0]?.labels;
    const info = labelSource ? sessionInfoFromLabels(labelSource, detached) : undefined;
    if (!info || found.containers.length === 0) throw new SessionNotFoundError(session);
    const members = found.containers.flatMap((c) => {
      const spec = nodeSpecFromLabels(c.labels);
      return spec ? [{ spec, id: c.id }] : [];
    });
    members.sort((a, b) => a.spec.stage - b.spec.stage || a.spec.name.localeCompare(b.spec.name));
    return dockerCluster(conn, info, dockerNames(namePrefix, session), members);
  }

  async function listSessions({ lab }: { lab?: string } = {}): Promise<Array<SessionSummary>> {
    const found = await listLabelled(conn, lab ? { [LABEL_LAB]: lab } : { [LABEL_LAB]: true });
    const sessions = new Map<string, SessionSummary>();
    const detachedSessions = new Set(
      found.volumes.filter((v) => isDetachedMarker(v.labels)).map((v) => v.labels[LABEL_SESSION]),
    );
    // Networks first: the main network carries the session's facts even before any container exists.
    for (const object of [...found.networks, ...found.containers]) {
      const id = object.labels[LABEL_SESSION];
      if (!id || sessions.has(id)) continue;
      const info = sessionInfoFromLabels(object.labels, detachedSessions.has(id));
      if (info) sessions.set(id, { ...info, nodes: [] });
    }
    for (const container of found.containers) {
      const summary = sessions.get(container.labels[LABEL_SESSION] ?? "");
      const node = container.labels[LABEL_NODE];
      if (!summary || !node) continue;
      const state = container.state === "running" ? "running" : container.state === "paused" ? "paused" : "stopped";
      summary.nodes.push({ name: node, state });
    }
    const host = currentOwner().host;
    return [...sessions.values()].map((s) => {
      const reason = orphanReason(s, { now: now(), host, alive: s.detached ? () => true : undefined });
      return reason ? { ...s, orphanReason: reason } : s;
    });
  }

  async function remove(session: string): Promise<void> {
    await removeLabelled(conn, { [LABEL_SESSION]: session });
  }

  async function reap({ now: at = now(), lab }: { now?: number; lab?: string } = {}): Promise<ReapReport> {
    const host = currentOwner().host;
    const removed: ReapReport["removed"] = [];
    const failed: NonNullable<ReapReport["failed"]> = [];
    for (const s of await listSessions({ lab })) {
      const reason = orphanReason(s, { now: at, host, alive: s.detached ? () => true : undefined });
      if (!reason) continue;
      // One object we cannot remove (L1: a foreign container on the session's network) must not stop every command.
      try {
        await remove(s.session);
        removed.push({ session: s.session, lab: s.lab, reason });
      } catch (error) {
        failed.push({ session: s.session, lab: s.lab, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return failed.length > 0 ? { removed, failed } : { removed };
  }

  const runtime: ClusterRuntime = {
    kind: "docker",
    async available() {
      try {
        const engine = await pingDocker(conn);
        return { ok: true, describe: `Docker ${engine.version} at ${conn.describe}` };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },

    async up(input, { signal, onProgress = () => {}, detach = false } = {}) {
      const topology = parseTopology(input);
      const names = dockerNames(namePrefix, topology.session);
      const me = owner ?? currentOwner();
      const createdAt = now();
      const info: SessionInfo = {
        lab: topology.lab,
        session: topology.session,
        runtime: "docker",
        ownerPid: me.pid,
        ownerHost: me.host,
        createdAt,
        expiresAt: createdAt + topology.ttlMs,
        detached: false,
      };
      const labels = sessionObjectLabels(info);
      const created = new Map<string, { spec: NodeSpec; id: string; ports: ContainerFacts["ports"] }>();
      // Cleanup below removes by session label: never start (and so never clean up) over an existing session.
      // Both checks are read-only engine calls: made together.
      const [, existing] = await Promise.all([
        requireImages(conn, topology.nodes),
        listLabelled(conn, { [LABEL_SESSION]: topology.session }),
      ]);
      if (existing.containers.length + existing.networks.length + existing.volumes.length > 0) {
        throw new RuntimeError(
          `A lab session "${topology.session}" already exists on this engine: use a new session id (newSessionId).`,
          "invalid-topology",
        );
      }
      try {
        await createNetwork(conn, { name: names.network, labels: { ...labels, [LABEL_NETWORK_ROLE]: "main" } });
        // Segment networks and share volumes are independent of each other: created together.
        // Volumes are created up front (not implicitly by the first container) so they carry the session labels `down` removes by.
        // allSettled: cleanup must not start while one of them is still being created.
        await settleAll([
          ...[...new Set(topology.nodes.flatMap((n) => (n.segment ? [n.segment] : [])))].map((segment) =>
            createNetwork(conn, {
              name: names.segmentNetwork(segment),
              labels: { ...labels, [LABEL_NETWORK_ROLE]: "segment" },
            }),
          ),
          ...[...new Set(topology.nodes.flatMap((n) => n.mounts.map((m) => m.share)))].map((share) =>
            createVolume(conn, names.share(share), { ...labels, [LABEL_SHARE]: share }),
          ),
        ]);
        await startInStages(
          topology,
          {
            // Every node is created (files in) at once; only the starts follow the stages.
            async prepare(node, stageSignal) {
              const files = await resolveFiles(node.files);
              stageSignal.throwIfAborted();
              const container = await createContainer(conn, {
                name: names.container(node.name),
                hostname: node.name,
                image: node.image ?? defaultImage(node.role),
                cmd: node.command,
                env: node.env,
                labels: { ...labels, [LABEL_NODE]: node.name, ...nodeSpecLabel(node) },
                // A segment node starts on its segment network (its default route) and joins the lab network below.
                network: {
                  name: node.segment ? names.segmentNetwork(node.segment) : names.network,
                  aliases: [node.name, ...node.aliases, ...node.serviceAliases],
                },
                publish: Object.fromEntries(node.ports.map((p) => [`${p}/tcp`, 0])),
                memoryBytes: node.memoryMb * 1024 * 1024,
                pidsLimit: node.pidsLimit,
                capAdd: [],
                volumes: node.mounts.map((m) => ({
                  volume: names.share(m.share),
                  target: m.path,
                  readOnly: m.readOnly,
                })),
              });
              if (node.segment)
                await connectToNetwork(conn, names.network, container.id, [
                  node.name,
                  ...node.aliases,
                  ...node.serviceAliases,
                ]);
              const entry = { spec: node, id: container.id, ports: {} };
              created.set(node.name, entry);
              if (files.length > 0) await putArchive(conn, container.id, await filesTar(files));
            },
            async start(node, stageSignal) {
              const entry = created.get(node.name);
              if (!entry) throw new RuntimeError(`node ${node.name} was not created`, "failed");
              stageSignal.throwIfAborted();
              await startContainer(conn, entry.id);
              entry.ports = (await inspectContainer(conn, entry.id))?.ports ?? {};
            },
            target(node) {
              const entry = created.get(node.name);
              if (!entry) throw new RuntimeError(`node ${node.name} was not created`, "failed");
              return dockerWaitTarget(conn, entry.id, () => entry.ports);
            },
            async lastLogs(node, lines) {
              const entry = created.get(node.name);
              return entry ? containerLogs(conn, entry.id, lines) : "";
            },
          },
          { signal, onProgress, now },
        );
        if (detach) {
          await createVolume(conn, names.marker, { ...labels, [LABEL_DETACHED]: "true" });
          info.detached = true;
        }
        return await dockerCluster(conn, info, names, [...created.values()]);
      } catch (error) {
        onProgress({
          kind: "cleaning-up",
          reason: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error),
        });
        await remove(topology.session).catch(() => undefined);
        if (signal?.aborted && !(error instanceof RuntimeError && error.code === "node-not-ready")) {
          throw new RuntimeError(
            `Starting lab session ${topology.session} was cancelled; everything it created was removed.`,
            "aborted",
            {
              cause: error,
            },
          );
        }
        if (error instanceof RuntimeError) throw error;
        throw new RuntimeError(
          `Starting lab session ${topology.session} failed: ${error instanceof Error ? error.message : String(error)}. Everything it created was removed.`,
          "failed",
          { cause: error },
        );
      }
    },

    attach,
    listSessions,
    remove,
    reap,
  };
  return runtime;
}

/** Like Promise.all, but waits for every promise to settle before rejecting with the first failure. */
async function settleAll(pending: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(pending)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

async function requireImages(conn: DockerConnection, nodes: Array<NodeSpec>): Promise<void> {
  const images = [...new Set(nodes.map((n) => n.image ?? defaultImage(n.role)))];
  // One inspect per distinct image, all at once.
  const present = await Promise.all(images.map((image) => imageExists(conn, image)));
  const missing = images.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    throw new RuntimeError(
      `Image${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not found on the Docker engine. ` +
        "Build them with `clusterlab images build` (or `clusterlab images build --offline` without a registry) and try again.",
      "image-missing",
    );
  }
}
