/**
 * repository/conf/carbon.xml — HostName, MgtHostName and Ports/Offset, read from the DIRECT children of
 * <Server> only (some products append the active HostName at the end of <Server>, after commented ones).
 */
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { firstChild, parseXmlTree, positionOf } from "./xml-tree";

export const CARBON_FILE = "repository/conf/carbon.xml";

export type CarbonXmlRaw = { offset: string | null; hostName: string | null; mgtHostName: string | null };

export function parseCarbonXml(text: string, file: string = CARBON_FILE): ParseResult<CarbonXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw: CarbonXmlRaw = { offset: null, hostName: null, mgtHostName: null };
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "Server") {
    diagnostics.push(
      diagnostic(
        "error",
        "carbon-root",
        file,
        positionOf(root),
        `Expected the root element <Server> but found <${root.name}>. Point this file at a real carbon.xml.`,
      ),
    );
    return { raw, diagnostics, positions };
  }
  // When an element is repeated, the last one wins (WSO2's ServerConfiguration overwrites as it reads).
  for (const child of root.children) {
    if (child.local === "HostName") {
      raw.hostName = child.text.trim();
      positions["hostName"] = positionOf(child);
    } else if (child.local === "MgtHostName") {
      raw.mgtHostName = child.text.trim();
      positions["mgtHostName"] = positionOf(child);
    }
  }
  const ports = firstChild(root, "Ports");
  const offset = ports === undefined ? undefined : firstChild(ports, "Offset");
  if (offset !== undefined) {
    raw.offset = offset.text.trim();
    positions["offset"] = positionOf(offset);
  }
  return { raw, diagnostics, positions };
}
