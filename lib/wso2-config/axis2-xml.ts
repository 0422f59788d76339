/**
 * repository/conf/axis2/axis2.xml — the Carbon 4.4 `<clustering>` element. Returns the raw facts exactly
 * as written (strings, placeholders verbatim); normalise.ts turns them into the typed model.
 */
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { childElements, childText, firstChild, parseXmlTree, positionOf, type XmlElement } from "./xml-tree";

export const AXIS2_FILE = "repository/conf/axis2/axis2.xml";

export type RawMember = { host: string | null; port: string | null };

export type Axis2Raw = {
  clusteringElementPresent: boolean;
  /** `enable` attribute as written; Axis2 treats only "true" (any case) as on. */
  enableAttribute: string | null;
  clusteringEnabled: boolean;
  agentClass: string | null;
  membershipScheme: string | null;
  domain: string | null;
  localMemberHost: string | null;
  localMemberPort: string | null;
  membersElementPresent: boolean;
  members: Array<RawMember>;
  /** `<property name value>` entries of `<parameter name="properties">`. */
  properties: Record<string, string>;
  /** Every other top-level `<parameter>` with a text value, in file order. */
  parameters: Record<string, string>;
};

export function emptyAxis2Raw(): Axis2Raw {
  return {
    clusteringElementPresent: false,
    enableAttribute: null,
    clusteringEnabled: false,
    agentClass: null,
    membershipScheme: null,
    domain: null,
    localMemberHost: null,
    localMemberPort: null,
    membersElementPresent: false,
    members: [],
    properties: {},
    parameters: {},
  };
}

function findClustering(root: XmlElement): XmlElement | undefined {
  return firstChild(root, "clustering");
}

export function parseAxis2Xml(text: string, file: string = AXIS2_FILE): ParseResult<Axis2Raw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw = emptyAxis2Raw();
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "axisconfig") {
    diagnostics.push(
      diagnostic(
        "error",
        "axis2-root",
        file,
        positionOf(root),
        `Expected the root element <axisconfig> but found <${root.name}>. Point this file at a real axis2.xml.`,
      ),
    );
  }
  const clustering = findClustering(root);
  if (clustering === undefined) return { raw, diagnostics, positions };

  raw.clusteringElementPresent = true;
  positions["clustering"] = positionOf(clustering);
  raw.enableAttribute = clustering.attributes["enable"] ?? null;
  raw.clusteringEnabled = raw.enableAttribute?.trim().toLowerCase() === "true";
  raw.agentClass = clustering.attributes["class"] ?? null;
  if (raw.enableAttribute !== null && !/^(true|false)$/i.test(raw.enableAttribute.trim())) {
    diagnostics.push(
      diagnostic(
        "warning",
        "axis2-enable-value",
        file,
        positionOf(clustering),
        `<clustering enable="${raw.enableAttribute}"> is neither "true" nor "false"; Axis2 treats it as false. Write enable="true" to turn clustering on.`,
        "clustering@enable",
      ),
    );
  }

  for (const parameter of childElements(clustering, "parameter")) {
    const name = parameter.attributes["name"];
    if (name === undefined) {
      diagnostics.push(
        diagnostic(
          "warning",
          "axis2-parameter-name",
          file,
          positionOf(parameter),
          'A <parameter> inside <clustering> has no name attribute, so Carbon ignores it. Add name="...".',
          "clustering.parameter",
        ),
      );
      continue;
    }
    if (name === "properties") {
      for (const property of childElements(parameter, "property")) {
        const propertyName = property.attributes["name"];
        if (propertyName === undefined) continue;
        raw.properties[propertyName] = property.attributes["value"] ?? "";
        positions[`properties.${propertyName}`] = positionOf(property);
      }
      continue;
    }
    if (parameter.children.length > 0) continue; // structured parameters (serializers) are not text facts
    const value = parameter.text.trim();
    raw.parameters[name] = value;
    positions[`parameters.${name}`] = positionOf(parameter);
  }
  raw.membershipScheme = raw.parameters["membershipScheme"] ?? null;
  raw.domain = raw.parameters["domain"] ?? null;
  raw.localMemberHost = raw.parameters["localMemberHost"] ?? null;
  raw.localMemberPort = raw.parameters["localMemberPort"] ?? null;
  for (const key of ["membershipScheme", "domain", "localMemberHost", "localMemberPort"]) {
    const at = positions[`parameters.${key}`];
    if (at) positions[key] = at;
  }

  const members = firstChild(clustering, "members");
  if (members !== undefined) {
    raw.membersElementPresent = true;
    positions["members"] = positionOf(members);
    childElements(members, "member").forEach((member, index) => {
      raw.members.push({ host: childText(member, "hostName"), port: childText(member, "port") });
      positions[`members[${index}]`] = positionOf(member);
      const portElement = firstChild(member, "port");
      if (portElement) positions[`members[${index}].port`] = positionOf(portElement);
    });
  }
  return { raw, diagnostics, positions };
}
