/**
 * The membership channel's messages: newline-delimited JSON over TCP (and single datagrams over
 * UDP multicast). Every frame is parsed with zod, so a stray client on the member port (a learner's
 * `nc`, a port scanner) is ignored instead of crashing the node.
 */
import { z } from "zod";

export const memberInfoSchema = z.object({
  uuid: z.string().min(1).max(64),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  name: z.string().max(255),
  startedAt: z.number(),
});
export type MemberInfo = z.infer<typeof memberInfoSchema>;

const addressSchema = z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) });
export type Address = z.infer<typeof addressSchema>;

export const stampSchema = z.object({ clock: z.number().int().nonnegative(), uuid: z.string() });
export type Stamp = z.infer<typeof stampSchema>;

export const replicatedEntrySchema = z.object({ key: z.string(), value: z.json(), stamp: stampSchema });
export type ReplicatedEntry = z.infer<typeof replicatedEntrySchema>;

const clusterSummarySchema = z.object({ size: z.number().int().nonnegative(), master: memberInfoSchema });
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const messageSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("join"), domain: z.string(), member: memberInfoSchema }),
  z.object({
    t: z.literal("join-ok"),
    members: z.array(memberInfoSchema),
    version: z.number().int(),
    replicated: z.array(replicatedEntrySchema),
  }),
  z.object({ t: z.literal("join-redirect"), master: addressSchema }),
  /** The target has not joined a cluster yet; it says who it is so two starting WKA members agree who goes first. */
  z.object({
    t: z.literal("join-wait"),
    reason: z.string(),
    member: memberInfoSchema.optional(),
    wellKnown: z.boolean().optional(),
  }),
  z.object({ t: z.literal("join-reject"), reason: z.string() }),
  /** A master looking for well-known members it lost, or for another cluster to merge with. */
  z.object({ t: z.literal("probe"), domain: z.string(), from: memberInfoSchema, cluster: clusterSummarySchema }),
  z.object({ t: z.literal("probe-reply"), domain: z.string(), cluster: clusterSummarySchema.nullable() }),
  z.object({
    t: z.literal("members"),
    from: z.string(),
    version: z.number().int(),
    members: z.array(memberInfoSchema),
  }),
  z.object({ t: z.literal("heartbeat"), from: z.string(), domain: z.string() }),
  z.object({ t: z.literal("leave"), uuid: z.string() }),
  z.object({ t: z.literal("merge"), target: addressSchema }),
  z.object({ t: z.literal("rep-put"), from: z.string(), entry: replicatedEntrySchema }),
  z.object({ t: z.literal("invalidate"), from: z.string(), path: z.string() }),
  z.object({
    t: z.literal("beacon"),
    domain: z.string(),
    member: memberInfoSchema,
    cluster: clusterSummarySchema.nullable(),
  }),
]);
export type Message = z.infer<typeof messageSchema>;
export type MessageOf<T extends Message["t"]> = Extract<Message, { t: T }>;

export function encodeMessage(message: Message): string {
  return `${JSON.stringify(message)}\n`;
}

/** Parses one frame; `null` for anything that is not one of our messages. */
export function decodeMessage(text: string): Message | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = messageSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Splits a TCP byte stream into lines; a line longer than `maxLine` closes the stream (not a member). */
export function createLineSplitter(
  onLine: (line: string) => void,
  onOverflow: () => void,
  maxLine = 4 * 1024 * 1024,
): (chunk: Buffer) => void {
  let buffered = "";
  return (chunk) => {
    buffered += chunk.toString("utf8");
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== "") onLine(line);
      nl = buffered.indexOf("\n");
    }
    if (buffered.length > maxLine) {
      buffered = "";
      onOverflow();
    }
  };
}

export function addressKey(a: Address): string {
  return `${a.host}:${a.port}`;
}

/** Hazelcast prints socket addresses as `/ip:port`. */
export function socketAddress(a: Address): string {
  return `/${a.host}:${a.port}`;
}
