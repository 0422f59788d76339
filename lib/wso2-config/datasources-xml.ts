/**
 * repository/conf/datasources/master-datasources.xml — every active <datasource> under <datasources>.
 * Values are the XML-decoded text (`&amp;` is `&`), exactly what Carbon hands to the JDBC pool.
 */
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { childText, descendants, firstChild, parseXmlTree, positionOf } from "./xml-tree";

export const MASTER_DATASOURCES_FILE = "repository/conf/datasources/master-datasources.xml";

export type RawXmlDatasource = {
  name: string | null;
  jndiName: string | null;
  url: string | null;
  username: string | null;
  password: string | null;
  driverClassName: string | null;
  /** Every other text child of <configuration> (maxActive, validationQuery, ...). */
  configuration: Record<string, string>;
};

export type DatasourcesXmlRaw = { datasources: Array<RawXmlDatasource> };

const NAMED_CONFIGURATION_KEYS = new Set(["url", "username", "password", "driverClassName"]);

export function parseMasterDatasourcesXml(
  text: string,
  file: string = MASTER_DATASOURCES_FILE,
): ParseResult<DatasourcesXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw: DatasourcesXmlRaw = { datasources: [] };
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "datasources-configuration") {
    diagnostics.push(
      diagnostic(
        "error",
        "datasources-root",
        file,
        positionOf(root),
        `Expected the root element <datasources-configuration> but found <${root.name}>. Point this file at a real master-datasources.xml.`,
      ),
    );
    return { raw, diagnostics, positions };
  }
  const container = firstChild(root, "datasources");
  // Where a missing datasource goes (the training node's refusals point there; ADR 0032 amendment).
  positions["datasources"] = positionOf(container ?? root);
  const elements = container === undefined ? [] : descendants(container, "datasource");
  elements.forEach((element, index) => {
    const jndi = firstChild(element, "jndiConfig");
    const definition = firstChild(element, "definition");
    const configuration = definition === undefined ? undefined : firstChild(definition, "configuration");
    const datasource: RawXmlDatasource = {
      name: childText(element, "name"),
      jndiName: jndi === undefined ? null : childText(jndi, "name"),
      url: configuration === undefined ? null : childText(configuration, "url"),
      username: configuration === undefined ? null : childText(configuration, "username"),
      password: configuration === undefined ? null : childText(configuration, "password"),
      driverClassName: configuration === undefined ? null : childText(configuration, "driverClassName"),
      configuration: {},
    };
    for (const child of configuration?.children ?? []) {
      if (NAMED_CONFIGURATION_KEYS.has(child.local) || child.children.length > 0) continue;
      datasource.configuration[child.local] = child.text.trim();
    }
    positions[`datasources[${index}]`] = positionOf(element);
    const urlElement = configuration === undefined ? undefined : firstChild(configuration, "url");
    if (urlElement) positions[`datasources[${index}].url`] = positionOf(urlElement);
    if (datasource.name === null || datasource.name === "") {
      diagnostics.push(
        diagnostic(
          "error",
          "datasource-name-missing",
          file,
          positionOf(element),
          "This <datasource> has no <name>, so Carbon cannot register it. Add <name>WSO2_..._DB</name>.",
          `datasources[${index}].name`,
        ),
      );
    }
    if (definition !== undefined && configuration !== undefined && datasource.url === null) {
      diagnostics.push(
        diagnostic(
          "error",
          "datasource-url-missing",
          file,
          positionOf(configuration),
          `Datasource ${datasource.name ?? index} has no <url>. Add the JDBC URL, e.g. <url>jdbc:mysql://db:3306/WSO2_SHARED_DB</url>.`,
          `datasources[${index}].url`,
        ),
      );
    }
    raw.datasources.push(datasource);
  });
  return { raw, diagnostics, positions };
}
