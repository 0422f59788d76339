/**
 * repository/conf/etc/hazelcast.xml — when this file exists, Carbon's HazelcastClusteringAgent loads it
 * instead of building the Hazelcast config from axis2.xml, so its group name, port, public address and
 * join settings override the axis2 parameters (axis2's `enable` still decides whether clustering runs).
 */
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { childElements, childText, firstChild, parseXmlTree, positionOf } from "./xml-tree";

export const HAZELCAST_XML_FILE = "repository/conf/etc/hazelcast.xml";

export type HazelcastXmlRaw = {
  groupName: string | null;
  port: string | null;
  publicAddress: string | null;
  multicastEnabled: string | null;
  multicastGroup: string | null;
  multicastPort: string | null;
  multicastTtl: string | null;
  multicastTimeout: string | null;
  tcpIpEnabled: string | null;
  /** <member>, <members> (comma separated) and <interface> entries of <tcp-ip>, as written. */
  tcpIpMembers: Array<string>;
  properties: Record<string, string>;
};

export function parseHazelcastXml(text: string, file: string = HAZELCAST_XML_FILE): ParseResult<HazelcastXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw: HazelcastXmlRaw = {
    groupName: null,
    port: null,
    publicAddress: null,
    multicastEnabled: null,
    multicastGroup: null,
    multicastPort: null,
    multicastTtl: null,
    multicastTimeout: null,
    tcpIpEnabled: null,
    tcpIpMembers: [],
    properties: {},
  };
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "hazelcast") {
    diagnostics.push(
      diagnostic(
        "error",
        "hazelcast-xml-root",
        file,
        positionOf(root),
        `Expected the root element <hazelcast> but found <${root.name}>. Point this file at a Hazelcast configuration.`,
      ),
    );
    return { raw, diagnostics, positions };
  }
  const group = firstChild(root, "group");
  if (group) raw.groupName = childText(group, "name");
  const network = firstChild(root, "network");
  if (network) {
    raw.port = childText(network, "port");
    const port = firstChild(network, "port");
    if (port) positions["port"] = positionOf(port);
    raw.publicAddress = childText(network, "public-address");
    const join = firstChild(network, "join");
    const multicast = join === undefined ? undefined : firstChild(join, "multicast");
    if (multicast) {
      raw.multicastEnabled = multicast.attributes["enabled"] ?? null;
      raw.multicastGroup = childText(multicast, "multicast-group");
      raw.multicastPort = childText(multicast, "multicast-port");
      raw.multicastTtl = childText(multicast, "multicast-time-to-live");
      raw.multicastTimeout = childText(multicast, "multicast-timeout-seconds");
    }
    const tcpIp = join === undefined ? undefined : firstChild(join, "tcp-ip");
    if (tcpIp) {
      raw.tcpIpEnabled = tcpIp.attributes["enabled"] ?? null;
      for (const child of tcpIp.children) {
        if (child.local === "member" || child.local === "interface") raw.tcpIpMembers.push(child.text.trim());
        if (child.local === "members")
          raw.tcpIpMembers.push(
            ...child.text
              .split(",")
              .map((m) => m.trim())
              .filter((m) => m !== ""),
          );
        if (child.local === "member-list")
          raw.tcpIpMembers.push(...childElements(child, "member").map((m) => m.text.trim()));
      }
    }
  }
  const properties = firstChild(root, "properties");
  for (const property of properties === undefined ? [] : childElements(properties, "property")) {
    const name = property.attributes["name"];
    if (name !== undefined) raw.properties[name] = property.text.trim();
  }
  return { raw, diagnostics, positions };
}
