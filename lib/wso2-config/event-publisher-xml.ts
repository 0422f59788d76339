/**
 * IS event publishers, `repository/deployment/server/eventpublishers/*.xml` (kubernetes-is v5.8.0.3
 * is-pattern-2 confs, e.g. IsAnalytics-Publisher-wso2event-AuthenticationData.xml): the stream, the adapter, and
 * the `receiverURL` that says where the analytics workers are and how to use them (facts §9: `|` is failover).
 */
import type { Diagnostic, EventPublisher } from "./model";
import { diagnostic, FILE_START, type ParseResult, type Position } from "./diagnostics";
import { childElements, firstChild, parseXmlTree, positionOf } from "./xml-tree";

export const EVENT_PUBLISHERS_DIR = "repository/deployment/server/eventpublishers";

type Group = EventPublisher["receiverGroups"][number];

/**
 * The databridge agent's receiver URL syntax: `{a|b},{c,d}` are groups that each receive every event; without
 * braces the whole text is one group. Inside a group `|` separates failover receivers and `,` load-balanced ones.
 * Returns the groups, or a message saying what is wrong.
 */
export function parseReceiverUrl(text: string): { groups: Array<Group> } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { problem: "receiverURL is empty" };
  const parts = trimmed.startsWith("{") ? [...trimmed.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? "") : [trimmed];
  if (trimmed.startsWith("{") && trimmed.replace(/\{[^{}]*\}/g, "").replace(/[\s,]/g, "") !== "")
    return { problem: `"${trimmed}" mixes {groups} with text outside braces` };
  const groups: Array<Group> = [];
  for (const part of parts) {
    const failover = part.includes("|");
    const balanced = part.includes(",");
    if (failover && balanced)
      return { problem: `"${part}" mixes | (failover) and , (load balancing) in one group; use {…} groups` };
    const urls = part
      .split(failover ? "|" : ",")
      .map((u) => u.trim())
      .filter((u) => u !== "");
    const receivers: Group["receivers"] = [];
    for (const url of urls) {
      const m = /^(tcp|ssl):\/\/([^:/\s]+)(?::(\d+))?\/?$/.exec(url);
      if (m === null) return { problem: `"${url}" is not a receiver URL like tcp://worker1:7612` };
      receivers.push({ url, host: m[2] ?? "", port: m[3] === undefined ? null : Number(m[3]) });
    }
    if (receivers.length === 0) return { problem: "a receiver group is empty" };
    groups.push({ mode: receivers.length === 1 ? "single" : failover ? "failover" : "loadbalance", receivers });
  }
  return { groups };
}

export function parseEventPublisherXml(text: string, file: string): ParseResult<EventPublisher | null> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const positions: Record<string, Position> = {};
  const out: Array<Diagnostic> = [...diagnostics];
  if (root === null) return { raw: null, diagnostics: out, positions };
  if (root.local !== "eventPublisher") {
    out.push(
      diagnostic(
        "warning",
        "event-publisher-root",
        file,
        positionOf(root),
        `The root element is <${root.name}>, not <eventPublisher>, so IS does not deploy this file as an event publisher.`,
      ),
    );
    return { raw: null, diagnostics: out, positions };
  }
  const to = firstChild(root, "to");
  const property = (name: string) =>
    to ? childElements(to, "property").find((p) => p.attributes["name"] === name) : undefined;
  const urlElement = property("receiverURL");
  const receiverUrl = urlElement ? urlElement.text.trim() : null;
  if (urlElement) positions["receiverURL"] = positionOf(urlElement);
  else if (to) positions["receiverURL"] = positionOf(to);
  let receiverGroups: Array<Group> = [];
  if (receiverUrl !== null) {
    const parsed = parseReceiverUrl(receiverUrl);
    if ("problem" in parsed) {
      out.push(
        diagnostic(
          "error",
          "receiver-url-invalid",
          file,
          positions["receiverURL"] ?? FILE_START,
          `${parsed.problem}. Write the workers as tcp://host:7612, separated by | for failover.`,
          "receiverURL",
        ),
      );
    } else receiverGroups = parsed.groups;
  }
  const from = firstChild(root, "from");
  return {
    raw: {
      file,
      name: root.attributes["name"] ?? null,
      streamName: from?.attributes["streamName"] ?? null,
      adapterType: to?.attributes["eventAdapterType"] ?? null,
      protocol: property("protocol")?.text.trim() ?? null,
      receiverUrl,
      receiverGroups,
    },
    diagnostics: out,
    positions,
  };
}
