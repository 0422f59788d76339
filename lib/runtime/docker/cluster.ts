/**
 * A running Docker session as a StartedCluster: fault operations, exec, logs and readiness on its
 * containers. Built from the engine's state alone (labels + inspect), so `attach` in another process
 * sees exactly what `up` created.
 *
 * Network faults model link failures without privileges or iptables: `disconnect` detaches the
 * container from the session network (like pulling its cable: peers get "no route"/DNS failures, and
 * its published ports stop answering); `partition` moves group B onto a second labelled network, so
 * each side still reaches its own members by name but not the other side.
 */
import { LABEL_NETWORK_ROLE, LABEL_SESSION } from "../labels";
import {
  RuntimeError,
  UnknownNodeError,
  type ExecResult,
  type HostEndpoint,
  type NodeSpec,
  type NodeState,
  type SessionInfo,
  type StartedCluster,
  type StartedNode,
} from "../types";
import { waitFor, type WaitTarget } from "../wait";
import {
  connectToNetwork,
  containerLogs,
  createNetwork,
  disconnectFromNetwork,
  execInContainer,
  inspectContainer,
  killContainer,
  pauseContainer,
  removeLabelled,
  removeNetwork,
  startContainer,
  stopContainer,
  unpauseContainer,
  type ContainerFacts,
  type DockerConnection,
} from "./client";
import { sessionObjectLabels } from "./session-labels";

export type DockerNames = {
  network: string;
  partitionNetwork: string;
  segmentNetwork(segment: string): string;
  container(node: string): string;
  /** The volume behind a shared folder (NodeSpec.mounts). */
  share(name: string): string;
  marker: string;
};

export function dockerNames(prefix: string, session: string): DockerNames {
  const base = `${prefix}-${session}`;
  return {
    network: base,
    partitionNetwork: `${base}-part`,
    // Docker (20.10) picks a multi-homed container's default gateway from the network whose name sorts
    // first: "<prefix>-0-..." sorts before "<prefix>-<session>" ('-' < any session character), so a
    // segment network is the default route (and the multicast interface) of its nodes.
    segmentNetwork: (segment) => `${prefix}-0-${session}-${segment}`,
    container: (node) => `${base}-${node}`,
    share: (name) => `${base}-share-${name}`,
    marker: `${base}-detached`,
  };
}

type Member = { spec: NodeSpec; id: string; facts: ContainerFacts | undefined };

export async function dockerCluster(
  conn: DockerConnection,
  info: SessionInfo,
  names: DockerNames,
  members: Array<{ spec: NodeSpec; id: string }>,
): Promise<StartedCluster> {
  const byName = new Map<string, Member>(members.map((m) => [m.spec.name, { ...m, facts: undefined }]));
  await Promise.all([...byName.values()].map(refresh));

  async function refresh(member: Member): Promise<void> {
    member.facts = await inspectContainer(conn, member.id);
  }

  function member(node: string): Member {
    const found = byName.get(node);
    if (!found) throw new UnknownNodeError(node, [...byName.keys()]);
    return found;
  }

  function startedNode({ spec, facts }: Member): StartedNode {
    const hostPorts: Record<number, HostEndpoint> = {};
    for (const port of spec.ports) {
      const published = facts?.ports[`${port}/tcp`];
      if (published) hostPorts[port] = published;
    }
    const address = facts?.networks[names.network] ?? facts?.networks[names.partitionNetwork] ?? "";
    return {
      name: spec.name,
      role: spec.role,
      hostPorts,
      address,
      aliases: [spec.name, ...spec.aliases],
      mounts: spec.mounts,
    };
  }

  function endpoint(node: string, port: number): HostEndpoint {
    const m = member(node);
    const published = m.facts?.ports[`${port}/tcp`];
    if (!published) {
      throw new RuntimeError(
        `Port ${port} of node "${node}" is not reachable from the host: it is not in the node's ports ` +
          `(${m.spec.ports.join(", ") || "none"}), or the node is stopped or disconnected.`,
        "failed",
      );
    }
    return published;
  }

  function target(m: Member): WaitTarget {
    // The `up` target, with ports resolved through the cluster's current view of the node.
    return {
      ...dockerWaitTarget(conn, m.id, () => m.facts?.ports ?? {}),
      endpoint: (port) => endpoint(m.spec.name, port),
    };
  }

  async function ensurePartitionNetwork(): Promise<void> {
    try {
      await createNetwork(conn, {
        name: names.partitionNetwork,
        labels: { ...sessionObjectLabels(info), [LABEL_NETWORK_ROLE]: "partition" },
      });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 409) throw error;
    }
  }

  async function moveTo(m: Member, network: string | undefined): Promise<void> {
    await refresh(m);
    const current = Object.keys(m.facts?.networks ?? {});
    for (const net of current) if (net !== network) await disconnectFromNetwork(conn, net, m.id);
    if (network && !current.includes(network))
      await connectToNetwork(conn, network, m.id, [m.spec.name, ...m.spec.aliases, ...m.spec.serviceAliases]);
    await refresh(m);
  }

  async function down(): Promise<void> {
    await removeLabelled(conn, { [LABEL_SESSION]: info.session });
  }

  const cluster: StartedCluster = {
    info,
    session: info.session,
    get nodes() {
      return Object.fromEntries([...byName.values()].map((m) => [m.spec.name, startedNode(m)]));
    },
    endpoint,
    async stop(node, { graceful = true, timeoutMs = 10_000 } = {}) {
      const m = member(node);
      if (graceful) await stopContainer(conn, m.id, Math.max(1, Math.ceil(timeoutMs / 1000)));
      else await killContainer(conn, m.id);
      await refresh(m);
    },
    async start(node) {
      const m = member(node);
      await startContainer(conn, m.id).catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== 304) throw error;
      });
      // A restarted container gets new free host ports.
      await refresh(m);
    },
    async kill(node) {
      const m = member(node);
      await killContainer(conn, m.id);
      await refresh(m);
    },
    async pause(node) {
      await pauseContainer(conn, member(node).id);
    },
    async unpause(node) {
      await unpauseContainer(conn, member(node).id);
    },
    async disconnect(node) {
      await moveTo(member(node), undefined);
    },
    async reconnect(node) {
      await moveTo(member(node), names.network);
    },
    async partition(groupA, groupB) {
      const a = new Set(groupA.map((n) => member(n).spec.name));
      const b = groupB.map(member);
      const overlap = b.filter((m) => a.has(m.spec.name));
      if (overlap.length > 0) {
        throw new RuntimeError(
          `A node cannot be on both sides of a partition: ${overlap.map((m) => m.spec.name).join(", ")}.`,
          "failed",
        );
      }
      if (b.length === 0) throw new RuntimeError("partition needs at least one node in group B.", "failed");
      await ensurePartitionNetwork();
      for (const m of byName.values()) await moveTo(m, b.includes(m) ? names.partitionNetwork : names.network);
    },
    async heal() {
      for (const m of byName.values()) await moveTo(m, names.network);
      await removeNetwork(conn, names.partitionNetwork);
    },
    async exec(node, argv, { timeoutMs = 30_000 } = {}): Promise<ExecResult> {
      return execInContainer(conn, member(node).id, argv, { timeoutMs });
    },
    async logs(node, { tail = 100 } = {}) {
      return containerLogs(conn, member(node).id, tail);
    },
    async state(node): Promise<NodeState> {
      const facts = await inspectContainer(conn, member(node).id);
      if (!facts) return "missing";
      if (facts.state === "running" || facts.state === "restarting") return "running";
      if (facts.state === "paused") return "paused";
      return "stopped";
    },
    async waitReady(node, { signal, timeoutMs } = {}) {
      const m = member(node);
      await refresh(m);
      await waitFor(m.spec.wait, target(m), { deadline: Date.now() + (timeoutMs ?? m.spec.readyTimeoutMs), signal });
    },
    down,
    [Symbol.asyncDispose]: down,
  };
  return cluster;
}

/** The wait target for a node during `up` (before the cluster object exists). */
export function dockerWaitTarget(conn: DockerConnection, id: string, ports: () => ContainerFacts["ports"]): WaitTarget {
  return {
    endpoint: (port) => {
      const published = ports()[`${port}/tcp`];
      if (!published)
        throw new RuntimeError(
          `port ${port} is waited on but not published: add it to the node's ports`,
          "invalid-topology",
        );
      return published;
    },
    logs: () => containerLogs(conn, id, 1000),
    isRunning: async () => (await inspectContainer(conn, id))?.state === "running",
    portSettleMs: 250,
    describeExit: () => describeContainerExit(conn, id),
  };
}

/** "it exited with code 78", "... (out of memory: raise memoryMb)", or that someone removed it. */
export async function describeContainerExit(conn: DockerConnection, id: string): Promise<string> {
  const facts = await inspectContainer(conn, id);
  if (!facts) return "its container was removed by another process (`lab down`, the reaper, or docker rm)";
  if (facts.oomKilled)
    return `it was killed for using more memory than its limit (exit code ${facts.exitCode}; raise the node's memoryMb)`;
  return `it exited with code ${facts.exitCode}`;
}
