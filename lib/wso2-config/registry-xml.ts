/**
 * repository/conf/registry.xml — dbConfig, remoteInstance and mount, found anywhere under <wso2registry>
 * (real files put the active ones after commented examples). A mount's readOnly comes from the
 * remoteInstance its instanceId names; <mount> has no readOnly of its own.
 */
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { childElements, childText, parseXmlTree, positionOf } from "./xml-tree";

export const REGISTRY_FILE = "repository/conf/registry.xml";

export type RawDbConfig = { name: string | null; dataSource: string | null };
export type RawRemoteInstance = {
  url: string | null;
  id: string | null;
  dbConfig: string | null;
  readOnly: string | null;
  enableCache: string | null;
  registryRoot: string | null;
  cacheId: string | null;
};
export type RawMount = {
  path: string | null;
  targetPath: string | null;
  instanceId: string | null;
  overwrite: string | null;
  /** Copied from the named remoteInstance; null when it names none that exists. */
  readOnly: string | null;
};
export type RegistryXmlRaw = {
  currentDBConfig: string | null;
  registryReadOnly: string | null;
  dbConfigs: Array<RawDbConfig>;
  remoteInstances: Array<RawRemoteInstance>;
  mounts: Array<RawMount>;
};

export function parseRegistryXml(text: string, file: string = REGISTRY_FILE): ParseResult<RegistryXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw: RegistryXmlRaw = {
    currentDBConfig: null,
    registryReadOnly: null,
    dbConfigs: [],
    remoteInstances: [],
    mounts: [],
  };
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "wso2registry") {
    diagnostics.push(
      diagnostic(
        "error",
        "registry-root",
        file,
        positionOf(root),
        `Expected the root element <wso2registry> but found <${root.name}>. Point this file at a real registry.xml.`,
      ),
    );
    return { raw, diagnostics, positions };
  }
  raw.currentDBConfig = childText(root, "currentDBConfig");
  raw.registryReadOnly = childText(root, "readOnly");
  for (const element of childElements(root, "dbConfig")) {
    raw.dbConfigs.push({ name: element.attributes["name"] ?? null, dataSource: childText(element, "dataSource") });
  }
  for (const element of childElements(root, "remoteInstance")) {
    raw.remoteInstances.push({
      url: element.attributes["url"] ?? null,
      id: childText(element, "id"),
      dbConfig: childText(element, "dbConfig"),
      readOnly: childText(element, "readOnly"),
      enableCache: childText(element, "enableCache"),
      registryRoot: childText(element, "registryRoot"),
      cacheId: childText(element, "cacheId"),
    });
  }
  childElements(root, "mount").forEach((element, index) => {
    const instanceId = childText(element, "instanceId");
    const instance = raw.remoteInstances.find((candidate) => candidate.id === instanceId);
    positions[`mounts[${index}]`] = positionOf(element);
    if (instance === undefined) {
      diagnostics.push(
        diagnostic(
          "error",
          "registry-mount-instance",
          file,
          positionOf(element),
          `<mount path="${element.attributes["path"] ?? ""}"> names instanceId "${instanceId ?? ""}" but no <remoteInstance> has that <id>. Add the remoteInstance or fix the instanceId.`,
          `mounts[${index}].instanceId`,
        ),
      );
    } else if (instance.dbConfig !== null && !raw.dbConfigs.some((db) => db.name === instance.dbConfig)) {
      diagnostics.push(
        diagnostic(
          "error",
          "registry-dbconfig-missing",
          file,
          positionOf(element),
          `remoteInstance "${instance.id ?? ""}" uses dbConfig "${instance.dbConfig}" but no <dbConfig name="${instance.dbConfig}"> exists. Add it with the shared datasource's JNDI name.`,
          `mounts[${index}]`,
        ),
      );
    }
    raw.mounts.push({
      path: element.attributes["path"] ?? null,
      targetPath: childText(element, "targetPath"),
      instanceId,
      overwrite: element.attributes["overwrite"] ?? null,
      readOnly: instance?.readOnly ?? null,
    });
  });
  return { raw, diagnostics, positions };
}
