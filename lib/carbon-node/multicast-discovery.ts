/**
 * Multicast discovery: every member sends a beacon to mcastAddress:mcastPort each heartbeat, with
 * the configured TTL. Members that hear a clustered beacon of their domain join its master over
 * TCP; beacons of other domains are ignored (different domain = different cluster).
 *
 * Loopback: when localMemberHost is a 127.x address the group is joined on the loopback interface,
 * so several nodes on 127.0.0.x of one machine find each other (Linux delivers multicast on `lo`
 * with TTL 0 as well). Beyond one host this needs a network where multicast is not blocked, which
 * is exactly WSO2's own limit (facts §2: not on EC2 and similar).
 */
import dgram from "node:dgram";
import net from "node:net";
import type { CarbonLogger } from "./carbon-log";
import { MULTICAST_SCHEME } from "./carbon-log";
import type { NodeSettings } from "./node-settings";
import { decodeMessage, type ClusterSummary, type MemberInfo, type Message } from "./wire";

export type MulticastDiscovery = {
  announce(beacon: Message): void;
  /** True when a not-yet-clustered member older than `self` was heard recently: let it become master. */
  olderUnjoinedPeerHeard(self: MemberInfo): boolean;
  close(): Promise<void>;
};

export type DiscoveryHooks = { onCluster(cluster: ClusterSummary): void };

export function multicastInterfaceFor(host: string): string | undefined {
  if (host.startsWith("127.") || host === "localhost") return "127.0.0.1";
  return net.isIPv4(host) ? host : undefined;
}

export async function startMulticastDiscovery(
  settings: NodeSettings,
  log: CarbonLogger,
  hooks: DiscoveryHooks,
): Promise<MulticastDiscovery> {
  const { group, port, ttl } = settings.multicast;
  const iface = multicastInterfaceFor(settings.advertisedHost);
  const socket = dgram.createSocket({ type: "udp4", reuseAddr: true });
  const unjoinedPeers = new Map<string, { member: MemberInfo; at: number }>();
  const foreignDomainsLogged = new Set<string>();
  const recentMs = Math.max(3 * settings.timing.heartbeatIntervalMs, 1500);

  socket.on("message", (buffer) => {
    const m = decodeMessage(buffer.toString("utf8"));
    if (!m || m.t !== "beacon") return;
    if (m.domain !== settings.domain) {
      if (!foreignDomainsLogged.has(m.domain)) {
        foreignDomainsLogged.add(m.domain);
        log.info(
          MULTICAST_SCHEME,
          `Ignoring multicast members of cluster domain '${m.domain}'; this member is in '${settings.domain}'.`,
        );
      }
      return;
    }
    if (m.cluster) {
      unjoinedPeers.delete(m.member.uuid);
      hooks.onCluster(m.cluster);
    } else {
      unjoinedPeers.set(m.member.uuid, { member: m.member, at: Date.now() });
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  try {
    socket.addMembership(group, iface);
    if (iface) socket.setMulticastInterface(iface);
    socket.setMulticastTTL(Math.max(0, Math.min(255, ttl)));
    socket.setMulticastLoopback(true);
  } catch (error) {
    socket.close();
    throw new Error(
      `Cannot join multicast group ${group}:${port} on ${iface ?? "the default interface"} (${(error as Error).message}). ` +
        "Check mcastAddress is a multicast address (224.0.0.0/4) and that this network allows multicast, or use the wka scheme.",
    );
  }
  socket.on("error", (error) => log.warn(MULTICAST_SCHEME, `Multicast socket error: ${error.message}`));
  log.info(
    MULTICAST_SCHEME,
    `Multicast discovery on ${group}:${port} (ttl ${ttl}${iface ? `, interface ${iface}` : ""})`,
  );

  return {
    announce(beacon) {
      socket.send(JSON.stringify(beacon), port, group);
    },
    olderUnjoinedPeerHeard(self) {
      const now = Date.now();
      for (const [uuid, p] of unjoinedPeers) {
        if (now - p.at > recentMs) {
          unjoinedPeers.delete(uuid);
          continue;
        }
        if (
          uuid !== self.uuid &&
          (p.member.startedAt < self.startedAt || (p.member.startedAt === self.startedAt && uuid < self.uuid))
        )
          return true;
      }
      return false;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
