/**
 * The clustering layer: a Hazelcast-like membership service over TCP (see docs/decisions/0006).
 *
 * - The member list is ordered oldest first and owned by the master (its first entry), which is
 *   also Carbon's coordinator. The master adds joiners and publishes every change with a version.
 * - Every member heartbeats every other member; one that is silent for max-no-heartbeat is
 *   removed. A graceful stop sends `leave`, so the others drop it at once.
 * - wka: join through the listed members. A listed (well-known) member that finds nobody within
 *   max.wait.seconds.before.join starts its own cluster; any other member keeps retrying for ever,
 *   because WSO2 documents that a new member cannot join while every WKA member is down.
 *   The master keeps probing WKA members that are not in its list, for ever, and merges the smaller
 *   cluster into the larger one after the merge delays (split-brain recovery).
 * - multicast: discovery by UDP beacons (multicast-discovery.ts); joining is the same TCP exchange.
 * - aws / kubernetes: the members come from a cloud API or DNS (cloud-discovery.ts), asked on every join
 *   round and by the master every few seconds; the addresses are then treated like WKA members that every
 *   node is one of (so any node may start the cluster), which is how Hazelcast's TCP-IP join uses them.
 */
import { randomUUID } from "node:crypto";
import type { CarbonLogger } from "./carbon-log";
import { CLUSTERING_AGENT, MULTICAST_SCHEME, WKA_SCHEME } from "./carbon-log";
import type { NodeSettings } from "./node-settings";
import type { ReplicatedMap } from "./replicated-map";
import { startMemberTransport, type MemberTransport } from "./member-transport";
import { startMulticastDiscovery, type MulticastDiscovery } from "./multicast-discovery";
import { createAwsDiscovery, createKubernetesDiscovery, type CloudDiscovery } from "./cloud-discovery";
import { isListedMember } from "./well-known";
import {
  addressKey,
  socketAddress,
  type Address,
  type ClusterSummary,
  type MemberInfo,
  type Message,
  type MessageOf,
} from "./wire";

export type ClusterView = {
  localMember: MemberInfo;
  members: MemberInfo[];
  coordinator: MemberInfo | null;
  joined: boolean;
  version: number;
};

export type Membership = {
  readonly local: MemberInfo;
  view(): ClusterView;
  /** One-way message to every other member. */
  broadcast(message: Message): void;
  /** Graceful stop: announce `leave`, close sockets. */
  stop(): Promise<void>;
};

export type MembershipHooks = {
  replicated: ReplicatedMap;
  onInvalidate(path: string): void;
};

/** Which of two clusters survives a merge: the larger; on a tie the one with the older master. */
export function clusterWins(a: ClusterSummary, b: ClusterSummary): boolean {
  if (a.size !== b.size) return a.size > b.size;
  if (a.master.startedAt !== b.master.startedAt) return a.master.startedAt < b.master.startedAt;
  return a.master.uuid < b.master.uuid;
}

/** How often a cloud-scheme master asks the API again for members outside its cluster. */
const CLOUD_REDISCOVERY_MS = 5000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startMembership(
  settings: NodeSettings,
  log: CarbonLogger,
  hooks: MembershipHooks,
): Promise<Membership> {
  const cloud: CloudDiscovery | null =
    settings.mode === "aws" && settings.aws
      ? createAwsDiscovery(settings.aws, settings.memberPort, log)
      : settings.mode === "kubernetes" && settings.kubernetes
        ? createKubernetesDiscovery(settings.kubernetes, settings.memberPort, log)
        : null;
  const schemeCategory = cloud?.category ?? (settings.mode === "wka" ? WKA_SCHEME : MULTICAST_SCHEME);
  /** Cloud schemes: the members the last discovery call returned. */
  let discovered: Address[] = [];
  let lastDiscoveryAt = 0;
  async function refreshDiscovery(): Promise<void> {
    if (cloud === null) return;
    lastDiscoveryAt = Date.now();
    discovered = await cloud.discover();
  }
  const started = Date.now();
  log.info(CLUSTERING_AGENT, `Cluster domain: ${settings.domain}`);
  log.info(
    CLUSTERING_AGENT,
    settings.hazelcastConfigSource === "hazelcast.xml"
      ? "Loading hazelcast configuration from repository/conf/etc/hazelcast.xml"
      : "Loading hazelcast configuration from axis2 clustering configuration",
  );
  log.info(CLUSTERING_AGENT, `Using ${settings.mode} based membership management scheme`);
  if (settings.advertisedHost === "127.0.0.1" || settings.advertisedHost === "localhost") {
    log.warn(CLUSTERING_AGENT, "Hazelcast Clustering needs ip addresses for localMemberHost and well-known members");
  }

  let members: MemberInfo[] = [];
  let joined = false;
  let everJoined = false;
  let version = 0;
  let wasCoordinator = false;
  let stopping = false;
  let nextMergeCheckAt = started + settings.timing.mergeFirstRunDelayMs;
  let lastJoinWarning = 0;
  let tickCount = 0;
  const lastSeen = new Map<string, number>();
  /** Join targets learned at run time: masters that probed us, merge targets, multicast beacons. */
  const learnedCandidates = new Map<string, Address>();
  const wkaKeys = new Set(settings.wkaMembers.map(addressKey));
  /** Listed addresses that turned out to be this node under another name (host name vs IP). */
  const selfAliases = new Set<string>();

  // The transport needs the handler and the handler needs `local`; bind first, then fill in the port.
  let handle: (m: Message, reply: (r: Message) => void) => void = () => undefined;
  const transport: MemberTransport = await startMemberTransport(settings.memberBindHost, settings.memberPort, (m, r) =>
    handle(m, r),
  );
  const local: MemberInfo = {
    uuid: randomUUID(),
    host: settings.advertisedHost,
    port: transport.port,
    name: settings.name,
    startedAt: started,
  };
  const localKey = addressKey(local);
  // Under a cloud scheme every node is found by the same query, so each may start the cluster.
  const isWellKnown =
    cloud !== null ||
    (settings.mode === "wka" && (await isListedMember(settings.wkaMembers, local, settings.memberBindHost)));
  log.info(CLUSTERING_AGENT, `Hazelcast initialized in ${Date.now() - started}ms`);
  log.info(CLUSTERING_AGENT, `Local member: [${local.uuid}] - ${local.host}:${local.port}`);

  const others = (): MemberInfo[] => members.filter((m) => m.uuid !== local.uuid);
  const isMaster = (): boolean => joined && members[0]?.uuid === local.uuid;
  const summary = (): ClusterSummary => ({ size: members.length, master: members[0] ?? local });

  function logLeft(m: MemberInfo): void {
    log.info(schemeCategory, `Member left [${m.uuid}]: ${socketAddress(m)}`);
    if (settings.mode === "wka" && wkaKeys.has(addressKey(m))) {
      log.info(schemeCategory, `WKA member ${socketAddress(m)} left cluster. Will keep trying to reconnect to it.`);
    }
  }

  /** Replace the member list, logging Carbon's joined/left lines and the coordinator election. */
  function setMembers(next: MemberInfo[], nextVersion: number): void {
    const before = new Map(members.map((m) => [m.uuid, m]));
    const after = new Map(next.map((m) => [m.uuid, m]));
    for (const m of members) {
      if (!after.has(m.uuid) && m.uuid !== local.uuid) {
        logLeft(m);
        lastSeen.delete(m.uuid);
        transport.dropPeer(m);
      }
    }
    const now = Date.now();
    for (const m of next) {
      if (!before.has(m.uuid) && m.uuid !== local.uuid) {
        log.info(schemeCategory, `Member joined [${m.uuid}]: ${socketAddress(m)}`);
        lastSeen.set(m.uuid, now);
      }
    }
    members = next;
    version = nextVersion;
    const coordinator = members[0]?.uuid === local.uuid;
    if (coordinator && !wasCoordinator)
      log.info(CLUSTERING_AGENT, `Elected this member [${local.uuid}] as the Coordinator node`);
    wasCoordinator = coordinator;
  }

  function publishMembers(): void {
    const message: Message = { t: "members", from: local.uuid, version, members };
    for (const m of others()) transport.send(m, message);
  }

  function markJoined(): void {
    joined = true;
    if (!everJoined) {
      everJoined = true;
      log.info(CLUSTERING_AGENT, "Cluster initialization completed");
    }
  }

  function becomeSingleton(): void {
    setMembers([local], version + 1);
    markJoined();
  }

  function removeMembers(uuids: string[]): void {
    const gone = new Set(uuids);
    if (!members.some((m) => gone.has(m.uuid))) return;
    setMembers(
      members.filter((m) => !gone.has(m.uuid)),
      version,
    );
    if (isMaster()) {
      version += 1;
      publishMembers();
    }
  }

  // ---- joining -------------------------------------------------------------------------------
  async function attemptJoin(target: Address, hops = 0): Promise<boolean> {
    if (addressKey(target) === localKey || stopping) return false;
    const reply = await transport.request(
      target,
      { t: "join", domain: settings.domain, member: local },
      settings.timing.connectTimeoutMs,
    );
    if (!reply || stopping || joined) return joined;
    if (reply.t === "join-ok") {
      if (!reply.members.some((m) => m.uuid === local.uuid)) return false;
      setMembers(reply.members, reply.version);
      const newerHere = hooks.replicated.mergeState(reply.replicated);
      markJoined();
      for (const entry of newerHere) broadcast({ t: "rep-put", from: local.uuid, entry });
      return true;
    }
    if (reply.t === "join-redirect" && hops < 3) return attemptJoin(reply.master, hops + 1);
    if (reply.t === "join-wait" && reply.member && reply.member.uuid !== local.uuid) {
      const older =
        reply.member.startedAt < local.startedAt ||
        (reply.member.startedAt === local.startedAt && reply.member.uuid < local.uuid);
      if (older && reply.wellKnown) round.olderWellKnownWaiting = true;
      if (!older) round.youngerWaiting = true;
    }
    if (reply.t === "join-reject" && reply.reason.includes("joining member itself")) {
      learnedCandidates.delete(addressKey(target));
      selfAliases.add(addressKey(target));
      return false;
    }
    if (reply.t === "join-reject")
      log.warn(schemeCategory, `Join through ${socketAddress(target)} refused: ${reply.reason}`);
    return false;
  }

  function joinCandidates(): Address[] {
    const list = new Map<string, Address>();
    for (const a of learnedCandidates.values()) list.set(addressKey(a), a);
    if (settings.mode === "wka") for (const a of settings.wkaMembers) list.set(addressKey(a), a);
    for (const a of discovered) list.set(addressKey(a), a);
    list.delete(localKey);
    for (const alias of selfAliases) list.delete(alias);
    return [...list.values()];
  }

  /** What the current join round learned from members that have not joined either. */
  const round = { olderWellKnownWaiting: false, youngerWaiting: false };
  let joinLoopRunning = false;
  async function joinLoop(): Promise<void> {
    if (joinLoopRunning) return;
    joinLoopRunning = true;
    const loopStarted = Date.now();
    try {
      while (!stopping && !joined) {
        await refreshDiscovery();
        if (stopping || joined) return;
        const candidates = joinCandidates();
        round.olderWellKnownWaiting = false;
        round.youngerWaiting = false;
        for (const c of candidates) {
          if (await attemptJoin(c)) return;
          if (stopping || joined) return;
        }
        const waited = Date.now() - loopStarted;
        if (cloud !== null) {
          // Nobody discovered (an API refusal, an empty answer) means waiting: Hazelcast's join would
          // start alone after max.wait.seconds.before.join, which is what happens here too.
          const olderWaiting = round.olderWellKnownWaiting;
          if (
            !olderWaiting &&
            (waited >= settings.timing.waitBeforeJoinMs || (round.youngerWaiting && candidates.length > 0))
          ) {
            becomeSingleton();
            return;
          }
        } else if (settings.mode === "wka") {
          // A well-known member starts the cluster when nobody answers within max.wait.seconds.before.join,
          // or at once when the only members it reaches are younger ones that are still starting: WKA
          // members started together then agree on the oldest instead of forming one cluster each.
          const mayStart =
            isWellKnown &&
            !round.olderWellKnownWaiting &&
            (waited >= settings.timing.waitBeforeJoinMs || round.youngerWaiting);
          if (candidates.length === 0 || mayStart) {
            becomeSingleton();
            return;
          }
          if (!isWellKnown && Date.now() - lastJoinWarning >= 10_000) {
            lastJoinWarning = Date.now();
            const wka = settings.wkaMembers.map(socketAddress).join(", ");
            log.warn(
              WKA_SCHEME,
              `Could not connect to any well-known member (${wka}). A new member cannot join while every WKA member is down; retrying.`,
            );
          }
        } else if (
          waited >= settings.timing.multicastTimeoutMs &&
          !(discovery?.olderUnjoinedPeerHeard(local) ?? false)
        ) {
          becomeSingleton();
          return;
        }
        await sleep(Math.min(1000, settings.timing.heartbeatIntervalMs));
      }
    } finally {
      joinLoopRunning = false;
    }
  }

  function rejoin(target: Address | null, why: string): void {
    if (stopping) return;
    log.info(schemeCategory, why);
    for (const m of others()) transport.dropPeer(m);
    members = [];
    joined = false;
    wasCoordinator = false;
    lastSeen.clear();
    if (target) learnedCandidates.set(addressKey(target), target);
    void joinLoop();
  }

  // ---- split-brain merge ---------------------------------------------------------------------
  function considerMerge(other: ClusterSummary): void {
    if (!isMaster() || stopping) return;
    if (members.some((m) => m.uuid === other.master.uuid)) return;
    const now = Date.now();
    if (now < nextMergeCheckAt) return;
    nextMergeCheckAt = now + settings.timing.mergeNextRunDelayMs;
    if (!clusterWins(other, summary())) return;
    const target: Address = { host: other.master.host, port: other.master.port };
    for (const m of others()) transport.send(m, { t: "merge", target });
    rejoin(
      target,
      `Merging this cluster (${members.length} members) into the cluster of ${socketAddress(target)} (${other.size} members)`,
    );
  }

  async function probe(target: Address): Promise<void> {
    const reply = await transport.request(
      target,
      { t: "probe", domain: settings.domain, from: local, cluster: summary() },
      settings.timing.connectTimeoutMs,
    );
    if (reply?.t === "probe-reply" && reply.domain === settings.domain && reply.cluster) considerMerge(reply.cluster);
  }

  // ---- incoming ------------------------------------------------------------------------------
  function handleJoin(m: MessageOf<"join">, reply: (r: Message) => void): void {
    if (m.domain !== settings.domain) {
      log.warn(
        schemeCategory,
        `Ignoring join request from ${socketAddress(m.member)}: it belongs to cluster domain '${m.domain}', this member to '${settings.domain}'.`,
      );
      reply({ t: "join-reject", reason: `cluster domain '${settings.domain}' differs from '${m.domain}'` });
      return;
    }
    if (m.member.uuid === local.uuid) {
      reply({ t: "join-reject", reason: "this address is the joining member itself" });
      return;
    }
    if (stopping || !joined) {
      reply({
        t: "join-wait",
        reason: "this member has not completed cluster initialization",
        member: local,
        wellKnown: isWellKnown,
      });
      return;
    }
    const master = members[0];
    if (!isMaster() && master) {
      reply({ t: "join-redirect", master: { host: master.host, port: master.port } });
      return;
    }
    // A member restarted on the same address gets a new uuid: the old incarnation is gone.
    const next = members.filter((x) => x.uuid !== m.member.uuid && addressKey(x) !== addressKey(m.member));
    next.push(m.member);
    setMembers(next, version + 1);
    lastSeen.set(m.member.uuid, Date.now());
    reply({ t: "join-ok", members, version, replicated: hooks.replicated.exportAll() });
    const update: Message = { t: "members", from: local.uuid, version, members };
    for (const x of others()) if (x.uuid !== m.member.uuid) transport.send(x, update);
  }

  handle = (m, reply) => {
    switch (m.t) {
      case "join":
        handleJoin(m, reply);
        return;
      case "probe":
        if (m.domain !== settings.domain) {
          reply({ t: "probe-reply", domain: settings.domain, cluster: null });
          return;
        }
        if (!joined)
          learnedCandidates.set(addressKey(m.cluster.master), {
            host: m.cluster.master.host,
            port: m.cluster.master.port,
          });
        reply({ t: "probe-reply", domain: settings.domain, cluster: joined ? summary() : null });
        if (joined) considerMerge(m.cluster);
        return;
      case "members": {
        if (!joined || stopping || m.members[0]?.uuid !== m.from) return;
        const currentMaster = members[0]?.uuid;
        // Equal versions are accepted from our master: its periodic republish heals a member that
        // dropped someone on its own (a missed heartbeat under load) while the master still sees it.
        if (m.version < version && m.from === currentMaster) return;
        if (m.from !== currentMaster && !members.some((x) => x.uuid === m.from)) return; // not our cluster
        if (!m.members.some((x) => x.uuid === local.uuid)) {
          const from = m.members[0];
          rejoin(
            from ? { host: from.host, port: from.port } : null,
            "This member was removed from the member list by the coordinator; rejoining",
          );
          return;
        }
        setMembers(m.members, m.version);
        return;
      }
      case "heartbeat":
        if (m.domain === settings.domain && members.some((x) => x.uuid === m.from)) lastSeen.set(m.from, Date.now());
        return;
      case "leave": {
        const wasMaster = members[0]?.uuid === m.uuid;
        removeMembers([m.uuid]);
        if (wasMaster && isMaster()) {
          version += 1;
          publishMembers();
        }
        return;
      }
      case "merge":
        if (joined && !isMaster())
          rejoin(m.target, `Merging into the cluster of ${socketAddress(m.target)} as the coordinator decided`);
        return;
      case "rep-put":
        if (joined) hooks.replicated.apply(m.entry);
        return;
      case "invalidate":
        if (joined) hooks.onInvalidate(m.path);
        return;
      case "join-ok":
      case "join-redirect":
      case "join-wait":
      case "join-reject":
      case "probe-reply":
      case "beacon":
        return;
    }
  };

  function broadcast(message: Message): void {
    if (!joined) return;
    for (const m of others()) transport.send(m, message);
  }

  // ---- multicast discovery -------------------------------------------------------------------
  let discovery: MulticastDiscovery | null = null;
  if (settings.mode === "multicast") {
    discovery = await startMulticastDiscovery(settings, log, {
      onCluster(cluster) {
        if (!joined)
          learnedCandidates.set(addressKey(cluster.master), { host: cluster.master.host, port: cluster.master.port });
        else considerMerge(cluster);
      },
    });
  }

  // ---- heartbeats, failure detection, WKA retries ---------------------------------------------
  const timer = setInterval(() => {
    if (stopping) return;
    tickCount += 1;
    discovery?.announce({ t: "beacon", domain: settings.domain, member: local, cluster: joined ? summary() : null });
    if (!joined) return;
    const now = Date.now();
    const beat: Message = { t: "heartbeat", from: local.uuid, domain: settings.domain };
    const silent: string[] = [];
    for (const m of others()) {
      transport.send(m, beat);
      if (now - (lastSeen.get(m.uuid) ?? now) > settings.timing.maxNoHeartbeatMs) silent.push(m.uuid);
    }
    if (silent.length > 0) {
      const wasMaster = isMaster();
      removeMembers(silent);
      if (!wasMaster && isMaster()) {
        version += 1;
        publishMembers();
      }
    }
    if (isMaster()) {
      // Hazelcast republishes the member list periodically; it heals members that missed an update.
      if (tickCount % 10 === 0) publishMembers();
      if (cloud !== null && Date.now() - lastDiscoveryAt >= CLOUD_REDISCOVERY_MS) {
        // The master looks for discovered members outside its cluster (split-brain, a late starter) and probes them.
        void refreshDiscovery().then(() => {
          const present = new Set(members.map(addressKey));
          for (const a of discovered)
            if (!present.has(addressKey(a)) && addressKey(a) !== localKey && !selfAliases.has(addressKey(a)))
              void probe(a);
        });
      }
      if (settings.mode === "wka") {
        const present = new Set(members.map(addressKey));
        for (const a of settings.wkaMembers)
          if (!present.has(addressKey(a)) && addressKey(a) !== localKey && !selfAliases.has(addressKey(a)))
            void probe(a);
      }
    }
  }, settings.timing.heartbeatIntervalMs);

  void joinLoop();

  return {
    local,
    view: () => ({
      localMember: local,
      members: joined ? members : [local],
      coordinator: joined ? (members[0] ?? null) : null,
      joined,
      version,
    }),
    broadcast,
    async stop() {
      if (stopping) return;
      const wasJoined = joined;
      stopping = true;
      clearInterval(timer);
      if (wasJoined) for (const m of others()) transport.send(m, { t: "leave", uuid: local.uuid });
      await discovery?.close();
      await transport.close();
    },
  };
}
