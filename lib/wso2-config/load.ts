/**
 * Public entry: read a Carbon home from disk into the typed model. Config content never makes this
 * throw (problems are diagnostics); only a missing or unreadable directory does, with a clear message.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { carbonConfigSchema, type CarbonConfig, type Diagnostic } from "./model";
import { diagnostic, FILE_START, type ParseResult } from "./diagnostics";
import { AXIS2_FILE, parseAxis2Xml } from "./axis2-xml";
import { CARBON_FILE, parseCarbonXml } from "./carbon-xml";
import { MASTER_DATASOURCES_FILE, parseMasterDatasourcesXml } from "./datasources-xml";
import { REGISTRY_FILE, parseRegistryXml } from "./registry-xml";
import { HAZELCAST_PROPERTIES_FILE, parseHazelcastProperties } from "./hazelcast-properties";
import { HAZELCAST_XML_FILE, parseHazelcastXml } from "./hazelcast-xml";
import { DEPLOYMENT_TOML_FILE, parseDeploymentToml } from "./deployment-toml";
import { attachBroker, BROKER_FILE } from "./broker-xml";
import { API_MANAGER_FILE, normaliseApiManagerXml, parseApiManagerXml } from "./api-manager-xml";
import { normaliseTomlEra, normaliseXmlEra, type FileResult, type Normalised, type XmlEraInputs } from "./normalise";
import { ANALYTICS_WORKER_FILE, parseAnalyticsWorkerYaml } from "./analytics-yaml";
import { EVENT_PUBLISHERS_DIR, parseEventPublisherXml } from "./event-publisher-xml";

export class CarbonHomeError extends Error {
  override name = "CarbonHomeError";
}

/** Every file this library understands, relative to the Carbon home. */
export const CONFIG_FILES = [
  DEPLOYMENT_TOML_FILE,
  AXIS2_FILE,
  CARBON_FILE,
  MASTER_DATASOURCES_FILE,
  REGISTRY_FILE,
  HAZELCAST_PROPERTIES_FILE,
  HAZELCAST_XML_FILE,
  API_MANAGER_FILE,
] as const;

type ReadOutcome =
  { kind: "missing" } | { kind: "text"; text: string } | { kind: "unreadable"; diagnostic: Diagnostic };

async function readConfigFile(home: string, relative: string): Promise<ReadOutcome> {
  try {
    const text = await readFile(path.join(home, relative), "utf8");
    return { kind: "text", text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    return {
      kind: "unreadable",
      diagnostic: diagnostic(
        "error",
        "file-unreadable",
        relative,
        FILE_START,
        `${relative} exists but could not be read (${code ?? "unknown error"}). Check that it is a regular file you can read.`,
      ),
    };
  }
}

async function assertDirectory(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new CarbonHomeError(`Carbon home ${dir} does not exist. Pass the folder that contains repository/conf.`);
  }
  if (!info.isDirectory())
    throw new CarbonHomeError(
      `${dir} is a file, not a Carbon home folder. Pass the folder that contains repository/conf.`,
    );
}

/**
 * Parse and normalise file texts keyed by their path relative to the Carbon home. Pure (no I/O), so
 * the property test can drive the whole pipeline; `home` only appears in messages.
 */
export function configFromTexts(
  texts: ReadonlyMap<string, string>,
  home: string,
  readProblems: ReadonlyArray<Diagnostic> = [],
): Normalised {
  const sources = CONFIG_FILES.filter((file) => texts.has(file));
  function run<Raw>(
    relative: string,
    parser: (text: string, file: string) => ParseResult<Raw>,
  ): FileResult<Raw> | undefined {
    const text = texts.get(relative);
    return text === undefined ? undefined : { ...parser(text, relative), file: relative };
  }
  const hazelcastXml = run(HAZELCAST_XML_FILE, parseHazelcastXml);
  const toml = run(DEPLOYMENT_TOML_FILE, parseDeploymentToml);
  let result: Normalised;
  if (toml !== undefined) {
    result = normaliseTomlEra(hazelcastXml === undefined ? { toml } : { toml, hazelcastXml }, sources);
    const ignored = sources.filter((s) => s !== DEPLOYMENT_TOML_FILE && s !== HAZELCAST_XML_FILE);
    if (ignored.length > 0) {
      result.config.diagnostics.push(
        diagnostic(
          "info",
          "xml-overwritten-by-toml",
          ignored[0] ?? "",
          FILE_START,
          `deployment.toml is present, so Carbon regenerates ${ignored.join(", ")} from it at startup; edits to those files are lost. Make changes in deployment.toml.`,
        ),
      );
    }
  } else {
    const inputs: XmlEraInputs = {};
    const axis2 = run(AXIS2_FILE, parseAxis2Xml);
    const carbon = run(CARBON_FILE, parseCarbonXml);
    const datasources = run(MASTER_DATASOURCES_FILE, parseMasterDatasourcesXml);
    const registry = run(REGISTRY_FILE, parseRegistryXml);
    const hazelcastProperties = run(HAZELCAST_PROPERTIES_FILE, parseHazelcastProperties);
    if (axis2) inputs.axis2 = axis2;
    if (carbon) inputs.carbon = carbon;
    if (datasources) inputs.datasources = datasources;
    if (registry) inputs.registry = registry;
    if (hazelcastProperties) inputs.hazelcastProperties = hazelcastProperties;
    if (hazelcastXml) inputs.hazelcastXml = hazelcastXml;
    result = normaliseXmlEra(inputs, sources);
    // API-M 2.x wiring (ADR 0031): read only in the XML era; 3.x regenerates api-manager.xml from deployment.toml.
    const apiManager = run(API_MANAGER_FILE, parseApiManagerXml);
    if (apiManager) {
      const apim = normaliseApiManagerXml(apiManager, result.config.server.offset);
      result.config.apim = apim.apim;
      result.config.diagnostics.push(...apiManager.diagnostics, ...apim.diagnostics);
      Object.assign(result.locations, apim.locations);
    }
    // An analytics worker home has no repository/conf at all (its file is conf/worker/deployment.yaml): not a wrong path.
    if (sources.length === 0 && readProblems.length === 0 && !texts.has(ANALYTICS_WORKER_FILE)) {
      result.config.diagnostics.push(
        diagnostic(
          "warning",
          "no-config-files",
          "repository/conf",
          FILE_START,
          `No WSO2 configuration files were found under ${home}/repository/conf, so only defaults are shown. Check the path points at a Carbon home.`,
        ),
      );
    }
  }
  // The Message Broker profile's broker.xml (EI broker homes only): an optional `broker` section of the model.
  attachBroker(result, texts.get(BROKER_FILE));
  // IS pattern 2's files (an analytics worker's deployment.yaml, IS event publishers): inside the pipeline, so the
  // model check below covers their sections too.
  withAnalyticsFiles(result, texts);
  result.config.diagnostics.unshift(...readProblems);
  // The model is the contract with other modules: validate it here so a parser bug shows up as one clear diagnostic.
  const checked = carbonConfigSchema.safeParse(result.config);
  if (!checked.success) {
    result.config.diagnostics.push(
      diagnostic(
        "error",
        "model-invalid",
        "",
        FILE_START,
        `Internal: the parsed configuration does not match the CarbonConfig model (${checked.error.issues.map((i) => i.path.join(".")).join(", ")}). Please report this with the file.`,
      ),
    );
  }
  return result;
}

/**
 * Enterprise Integrator 6.x keeps its configuration under `<EI_HOME>/conf/` (conf/axis2/axis2.xml,
 * conf/carbon.xml), not `repository/conf/` (facts §9, EI profiles). The canonical names stay
 * `repository/conf/...` inside this library; an EI home is read from `conf/` and every file name the
 * result shows (diagnostics, sources, locations) is rewritten, so a learner is pointed at the file they edit.
 */
export const EI_CONF_PREFIX = "conf/";
const CARBON_CONF_PREFIX = "repository/conf/";

export function eiPath(relative: string): string {
  return relative.startsWith(CARBON_CONF_PREFIX)
    ? EI_CONF_PREFIX + relative.slice(CARBON_CONF_PREFIX.length)
    : relative;
}

/** EI layout: no known file under repository/conf, and at least one under conf/. */
export async function isEiHome(dir: string): Promise<boolean> {
  const exists = async (relative: string): Promise<boolean> => (await readConfigFile(dir, relative)).kind !== "missing";
  for (const file of CONFIG_FILES) if (await exists(file)) return false;
  for (const file of CONFIG_FILES) if (await exists(eiPath(file))) return true;
  return false;
}

/** Rename every file the result mentions from its canonical Carbon 4.4 path to the EI layout's. */
export function toEiLayout(result: Normalised): Normalised {
  const config = result.config;
  config.sources = config.sources.map(eiPath);
  config.diagnostics = config.diagnostics.map((d) => ({
    ...d,
    file: eiPath(d.file),
    message: d.message.replaceAll(CARBON_CONF_PREFIX, EI_CONF_PREFIX),
  }));
  const locations = Object.fromEntries(
    Object.entries(result.locations).map(([key, at]) => [key, { ...at, file: eiPath(at.file) }]),
  );
  return { config, locations };
}

/** Read and normalise, keeping where each fact was written (the linter needs it). */
export async function loadCarbonHomeDetailed(dir: string): Promise<Normalised> {
  await assertDirectory(dir);
  const ei = await isEiHome(dir);
  const texts = new Map<string, string>();
  const readProblems: Array<Diagnostic> = [];
  for (const relative of [...CONFIG_FILES, BROKER_FILE]) {
    const outcome = await readConfigFile(dir, ei ? eiPath(relative) : relative);
    if (outcome.kind === "text") texts.set(relative, outcome.text);
    if (outcome.kind === "unreadable") readProblems.push(outcome.diagnostic);
  }
  // IS pattern 2's files keep their own paths (they are not under repository/conf in either layout).
  for (const relative of [ANALYTICS_WORKER_FILE, ...(await eventPublisherFiles(dir))]) {
    const outcome = await readConfigFile(dir, relative);
    if (outcome.kind === "text") texts.set(relative, outcome.text);
    if (outcome.kind === "unreadable") readProblems.push(outcome.diagnostic);
  }
  const result = configFromTexts(texts, dir, readProblems);
  return ei ? toEiLayout(result) : result;
}

/** The XML files of the IS event publishers folder, relative to the home (none when it does not exist). */
async function eventPublisherFiles(dir: string): Promise<Array<string>> {
  try {
    const names = await readdir(path.join(dir, EVENT_PUBLISHERS_DIR));
    return names
      .filter((n) => n.endsWith(".xml") && !n.startsWith("."))
      .sort()
      .map((n) => `${EVENT_PUBLISHERS_DIR}/${n}`);
  } catch {
    return [];
  }
}

/**
 * Add IS pattern 2's files (ADR 0034): an analytics worker's conf/worker/deployment.yaml (its datasources join
 * the node's) and IS event publishers, into `result`. `files` maps each path relative to the home to its text.
 */
function withAnalyticsFiles(result: Normalised, files: ReadonlyMap<string, string>): void {
  const config = result.config;
  const worker = files.get(ANALYTICS_WORKER_FILE);
  if (worker !== undefined) {
    const parsed = parseAnalyticsWorkerYaml(worker, ANALYTICS_WORKER_FILE);
    config.analytics = parsed.raw.analytics;
    config.datasources.push(...parsed.raw.datasources);
    config.sources.push(ANALYTICS_WORKER_FILE);
    config.diagnostics.push(...parsed.diagnostics);
    for (const [key, at] of Object.entries(parsed.positions))
      result.locations[key] = { file: ANALYTICS_WORKER_FILE, line: at.line, column: at.column };
  }
  const publishers = [...files.keys()].filter((f) => f.startsWith(`${EVENT_PUBLISHERS_DIR}/`)).sort();
  if (publishers.length > 0) {
    config.eventPublishers = [];
    for (const file of publishers) {
      const parsed = parseEventPublisherXml(files.get(file) ?? "", file);
      config.sources.push(file);
      config.diagnostics.push(...parsed.diagnostics);
      if (parsed.raw !== null) config.eventPublishers.push(parsed.raw);
      for (const [key, at] of Object.entries(parsed.positions))
        result.locations[`eventPublishers.${file}.${key}`] = { file, line: at.line, column: at.column };
    }
  }
}

export async function loadCarbonHome(dir: string): Promise<CarbonConfig> {
  return (await loadCarbonHomeDetailed(dir)).config;
}
