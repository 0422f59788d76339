/**
 * Turns a loaded `CarbonConfig` plus the command-line options into what the node actually runs with:
 * addresses, ports, timing. Every value a learner can set is checked here, so a bad one stops the node
 * with a message naming the key (exit 78) instead of surfacing later as a socket error.
 */
import os from "node:os";
import type { CarbonConfig, Member } from "@/lib/wso2-config/model";
import type { ApimProfile } from "./apim/profiles";
import {
  awsSettingsOf,
  kubernetesSettingsOf,
  type AwsSchemeSettings,
  type KubernetesSchemeSettings,
} from "@/lib/wso2-config/cloud-schemes";

export type MembershipMode = "wka" | "multicast" | "aws" | "kubernetes" | "standalone";

export type Timing = {
  heartbeatIntervalMs: number;
  maxNoHeartbeatMs: number;
  /** WKA: how long a well-known member looks for a running cluster before starting its own. */
  waitBeforeJoinMs: number;
  mergeFirstRunDelayMs: number;
  mergeNextRunDelayMs: number;
  /** Multicast: how long a node listens for a master before electing itself (mcastTimeout). */
  multicastTimeoutMs: number;
  /** WKA: TCP connect timeout while joining (`connTimeout`). */
  connectTimeoutMs: number;
};

export type NodeSettings = {
  name: string;
  mode: MembershipMode;
  domain: string;
  /** The address other members use for us (localMemberHost, else this machine's IP). */
  advertisedHost: string;
  memberBindHost: string;
  memberPort: number;
  httpBindHost: string;
  httpPort: number;
  wkaMembers: Member[];
  /** The AWS scheme's parameters (mode aws), read from axis2 parameters or [clustering.properties]. */
  aws: AwsSchemeSettings | null;
  /** The Kubernetes scheme's parameters (mode kubernetes). */
  kubernetes: KubernetesSchemeSettings | null;
  multicast: { group: string; port: number; ttl: number };
  timing: Timing;
  registryCacheTtlMs: number;
  dataDir: string | null;
  /** Where Carbon would read the Hazelcast config from (facts §3), for its startup log line. */
  hazelcastConfigSource: CarbonConfig["clustering"]["hazelcastConfigSource"];
};

export type RuntimeOptions = {
  name: string;
  /** --bind / CARBON_NODE_BIND: overrides every bind address (tests on 127.0.0.x). */
  bind: string | null;
  registryCacheTtlSeconds: number;
  dataDir: string | null;
  /** `-Dprofile=<profile>`: the API-M 2.6 profile this node plays (ADR 0032); absent = none. */
  profile?: ApimProfile | null;
};

export class SettingsError extends Error {
  override name = "SettingsError";
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** Hazelcast 3.x heartbeat interval default (facts §5); Carbon does not override it. */
const DEFAULT_HEARTBEAT_SECONDS = 1;
/** Hazelcast 3.x `max.wait.seconds.before.join` default (facts §5). */
const DEFAULT_WAIT_BEFORE_JOIN_SECONDS = 20;
/** Hazelcast's multicast group when axis2.xml leaves mcastAddress commented out (facts §3, inferred). */
export const DEFAULT_MULTICAST_GROUP = "224.2.2.3";

function secondsProperty(props: Record<string, string>, key: string, fallback: number): number {
  const raw = props[key];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new SettingsError(
      key,
      `hazelcast property ${key}="${raw}" is not a positive number of seconds. Fix hazelcast.properties / [hazelcast] and restart.`,
    );
  }
  return value;
}

function firstExternalIPv4(): string {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

function modeOf(config: CarbonConfig): MembershipMode {
  if (!config.clustering.enabled) return "standalone";
  const scheme = config.clustering.scheme ?? "multicast"; // HazelcastClusteringAgent's default (facts §3)
  if (scheme === "wka" || scheme === "multicast" || scheme === "aws" || scheme === "kubernetes") return scheme;
  if (
    scheme === "aws-ecs" ||
    config.clustering.parameters["membershipSchemeClassName"] ||
    config.clustering.properties["membershipSchemeClassName"]
  ) {
    throw new SettingsError(
      "membershipScheme",
      `membership scheme "${scheme}" is valid for WSO2 but the training node models only wka, multicast, aws and kubernetes. Use one of those in the labs.`,
    );
  }
  throw new SettingsError(
    "membershipScheme",
    `Invalid membership scheme '${scheme}'. Supported schemes are multicast, wka & aws`,
  );
}

export function deriveSettings(config: CarbonConfig, options: RuntimeOptions): NodeSettings {
  const mode = modeOf(config);
  const c = config.clustering;
  const hz = config.hazelcast;
  const params = c.parameters;
  const advertisedHost = c.localMemberHost ?? firstExternalIPv4();
  const bindPortRaw = params["localMemberBindPort"];
  const memberPort = bindPortRaw ? Number(bindPortRaw) : c.localMemberPort;
  if (!Number.isInteger(memberPort) || memberPort < 1 || memberPort > 65535) {
    const where = bindPortRaw
      ? "localMemberBindPort (axis2.xml)"
      : "localMemberPort (axis2.xml) or local_member_port ([clustering] in deployment.toml)";
    throw new SettingsError(
      "localMemberPort",
      `localMemberPort ${memberPort} is not a TCP port (1-65535). Set ${where} to a free port such as 4000, and restart.`,
    );
  }
  if (!Number.isInteger(config.ports.http) || config.ports.http < 1 || config.ports.http > 65535) {
    throw new SettingsError(
      "offset",
      `servlet HTTP port 9763 + offset = ${config.ports.http} is not a TCP port; lower the port offset.`,
    );
  }
  const connTimeoutRaw = params["connTimeout"];
  const connTimeoutSeconds = connTimeoutRaw ? Number(connTimeoutRaw) : 5;
  return {
    name: options.name,
    mode,
    domain: c.domain,
    advertisedHost,
    memberBindHost: options.bind ?? params["localMemberBindAddress"] ?? advertisedHost,
    memberPort,
    // Carbon's servlet transport listens on every interface whatever localMemberHost says (that one is
    // Hazelcast's); a node advertising 127.0.0.1 must still answer HTTP, as a real server does.
    httpBindHost: options.bind ?? "0.0.0.0",
    httpPort: config.ports.http,
    // Only WKA reads the members list (facts §3); the cloud schemes discover theirs.
    wkaMembers: mode === "wka" ? c.members : [],
    aws: mode === "aws" ? awsSettingsOf(c) : null,
    kubernetes: mode === "kubernetes" ? kubernetesSettingsOf(c) : null,
    multicast: { group: c.multicast.address ?? DEFAULT_MULTICAST_GROUP, port: c.multicast.port, ttl: c.multicast.ttl },
    timing: {
      heartbeatIntervalMs:
        secondsProperty(hz, "hazelcast.heartbeat.interval.seconds", DEFAULT_HEARTBEAT_SECONDS) * 1000,
      maxNoHeartbeatMs: secondsProperty(hz, "hazelcast.max.no.heartbeat.seconds", 600) * 1000,
      waitBeforeJoinMs:
        secondsProperty(hz, "hazelcast.max.wait.seconds.before.join", DEFAULT_WAIT_BEFORE_JOIN_SECONDS) * 1000,
      mergeFirstRunDelayMs: secondsProperty(hz, "hazelcast.merge.first.run.delay.seconds", 60) * 1000,
      mergeNextRunDelayMs: secondsProperty(hz, "hazelcast.merge.next.run.delay.seconds", 30) * 1000,
      multicastTimeoutMs: Math.max(0.1, c.multicast.timeout) * 1000,
      connectTimeoutMs: (Number.isFinite(connTimeoutSeconds) && connTimeoutSeconds > 0 ? connTimeoutSeconds : 5) * 1000,
    },
    registryCacheTtlMs: options.registryCacheTtlSeconds * 1000,
    dataDir: options.dataDir,
    hazelcastConfigSource: c.hazelcastConfigSource,
  };
}
