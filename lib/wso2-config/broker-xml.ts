/**
 * The Message Broker profile's `broker.xml` (EI 6.5: `<EI_HOME>/wso2/broker/conf/broker.xml`; canonical name
 * `repository/conf/broker.xml` inside this library, rewritten to `conf/broker.xml` for an EI home like every other
 * file, see load.ts). Only what broker clustering needs is read (facts §9 "Message Broker profile"):
 * `<coordination>` (nodeID, thrift, `rdbmsBasedCoordination`, `rdbmsBasedClusterEventSynchronization`), the AMQP
 * port and the datasource JNDI names of `<persistence>`'s message and context stores.
 *
 * Defaults are those of the shipped file (wso2/carbon-business-messaging, features/andes/
 * org.wso2.carbon.andes.server.feature/resources/conf/broker.xml, v3.2.77; RDBMS coordination on by default since
 * commit a661c4cd "Enabled RDBMS based coordination by default") and of Andes' RDBMSCoordinationStrategy.
 */
import type { BrokerConfig, Datasource, Diagnostic } from "./model";
import { diagnostic, FILE_START, type ParseResult, type Position } from "./diagnostics";
import type { Locations } from "./normalise";
import { childText, firstChild, parseXmlTree, positionOf, type XmlElement } from "./xml-tree";

export const BROKER_FILE = "repository/conf/broker.xml";

/** The shipped values (see the file comment). */
export const BROKER_DEFAULTS = {
  nodeId: "default",
  thriftServerHost: "localhost",
  thriftServerPort: 7611,
  heartbeatInterval: 5000,
  coordinatorEntryCreationWaitTime: 3000,
  eventPollingInterval: 4000,
  eventSyncInterval: 1000,
  amqpPort: 5672,
  storeDataSource: "WSO2MBStoreDB",
} as const;

export type BrokerXmlRaw = { config: BrokerConfig };

function intValue(
  element: XmlElement | undefined,
  fallback: number,
  file: string,
  key: string,
  diagnostics: Array<Diagnostic>,
): number {
  if (element === undefined) return fallback;
  const text = element.text.trim();
  if (/^\d+$/.test(text)) return Number(text);
  diagnostics.push(
    diagnostic(
      "error",
      "broker-value-invalid",
      file,
      positionOf(element),
      `<${element.local}> is "${text}", not a whole number of milliseconds (or a port). Write a number, e.g. ${fallback}; the default ${fallback} is used meanwhile.`,
      key,
    ),
  );
  return fallback;
}

function enabledOf(element: XmlElement | undefined, fallback: boolean): boolean {
  const raw = element?.attributes["enabled"];
  return raw === undefined ? fallback : raw.trim().toLowerCase() === "true";
}

/** `<property name="dataSource">` of a `<messageStore>` / `<contextStore>`. */
function storeDataSource(store: XmlElement | undefined): string | null {
  if (store === undefined) return null;
  const prop = store.children.find((c) => c.local === "property" && c.attributes["name"] === "dataSource");
  return prop ? prop.text.trim() : null;
}

export function parseBrokerXml(text: string, file: string = BROKER_FILE): ParseResult<BrokerXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const positions: Record<string, Position> = {};
  const d = BROKER_DEFAULTS;
  const config: BrokerConfig = {
    nodeId: d.nodeId,
    thriftServerHost: d.thriftServerHost,
    thriftServerPort: d.thriftServerPort,
    rdbmsCoordination: {
      enabled: true,
      heartbeatInterval: d.heartbeatInterval,
      coordinatorEntryCreationWaitTime: d.coordinatorEntryCreationWaitTime,
      eventPollingInterval: d.eventPollingInterval,
    },
    rdbmsClusterEventSync: { enabled: true, eventSyncInterval: d.eventSyncInterval },
    amqpPort: d.amqpPort,
    messageStoreDataSource: d.storeDataSource,
    contextStoreDataSource: d.storeDataSource,
  };
  if (root === null) return { raw: { config }, diagnostics, positions };
  if (root.local !== "broker") {
    diagnostics.push(
      diagnostic(
        "error",
        "broker-root",
        file,
        positionOf(root),
        `Expected the root element <broker> but found <${root.name}>. Point this file at the Message Broker profile's broker.xml.`,
      ),
    );
    return { raw: { config }, diagnostics, positions };
  }
  const coordination = firstChild(root, "coordination");
  if (coordination !== undefined) {
    positions["broker.coordination"] = positionOf(coordination);
    const nodeId = firstChild(coordination, "nodeID");
    if (nodeId) {
      config.nodeId = nodeId.text.trim() || d.nodeId;
      positions["broker.nodeId"] = positionOf(nodeId);
    }
    const host = firstChild(coordination, "thriftServerHost");
    if (host) {
      config.thriftServerHost = host.text.trim();
      positions["broker.thriftServerHost"] = positionOf(host);
    }
    const port = firstChild(coordination, "thriftServerPort");
    config.thriftServerPort = intValue(port, d.thriftServerPort, file, "broker.thriftServerPort", diagnostics);
    if (port) positions["broker.thriftServerPort"] = positionOf(port);
    const rdbms = firstChild(coordination, "rdbmsBasedCoordination");
    if (rdbms) {
      positions["broker.rdbmsCoordination.enabled"] = positionOf(rdbms);
      config.rdbmsCoordination.enabled = enabledOf(rdbms, true);
      const timing = [
        ["heartbeatInterval", d.heartbeatInterval],
        ["coordinatorEntryCreationWaitTime", d.coordinatorEntryCreationWaitTime],
        ["eventPollingInterval", d.eventPollingInterval],
      ] as const;
      for (const [name, fallback] of timing) {
        const el = firstChild(rdbms, name);
        const key = `broker.rdbmsCoordination.${name}`;
        config.rdbmsCoordination[name] = intValue(el, fallback, file, key, diagnostics);
        if (el) positions[key] = positionOf(el);
      }
    }
    // The EI docs write the element with a capital R (RDBMSBasedClusterEventSynchronization); the shipped file does not.
    const sync =
      firstChild(coordination, "rdbmsBasedClusterEventSynchronization") ??
      firstChild(coordination, "RDBMSBasedClusterEventSynchronization");
    if (sync) {
      positions["broker.rdbmsClusterEventSync.enabled"] = positionOf(sync);
      config.rdbmsClusterEventSync.enabled = enabledOf(sync, true);
      const el = firstChild(sync, "eventSyncInterval");
      config.rdbmsClusterEventSync.eventSyncInterval = intValue(
        el,
        d.eventSyncInterval,
        file,
        "broker.rdbmsClusterEventSync.eventSyncInterval",
        diagnostics,
      );
    }
  }
  const amqp = firstChild(firstChild(root, "transports") ?? root, "amqp");
  if (amqp) {
    // 3.2.x writes <defaultConnection port="5672"/>; older files <port>5672</port>.
    const connection = firstChild(amqp, "defaultConnection");
    const attr = connection?.attributes["port"];
    if (attr !== undefined && /^\d+$/.test(attr.trim())) config.amqpPort = Number(attr.trim());
    else if (childText(amqp, "port") !== null)
      config.amqpPort = intValue(firstChild(amqp, "port"), d.amqpPort, file, "broker.amqpPort", diagnostics);
  }
  const persistence = firstChild(root, "persistence");
  if (persistence) {
    const message = firstChild(persistence, "messageStore");
    const context = firstChild(persistence, "contextStore");
    config.messageStoreDataSource = storeDataSource(message);
    config.contextStoreDataSource = storeDataSource(context);
    if (message) positions["broker.messageStoreDataSource"] = positionOf(message);
    if (context) positions["broker.contextStoreDataSource"] = positionOf(context);
  }
  return { raw: { config }, diagnostics, positions };
}

/**
 * Andes refuses to start RDBMS coordination when heartbeatInterval <= coordinatorEntryCreationWaitTime
 * (RDBMSCoordinationStrategy's constructor throws "Configuration error"); the shipped comment asks for a wait time
 * "larger than a database read time including network latency and ... less than heartbeatInterval".
 */
/** The datasource a broker.xml store names (`dataSource` is a JNDI name or a datasource name), as the broker resolves it. */
export function brokerStoreDatasource(
  jndi: string | null | undefined,
  datasources: ReadonlyArray<Datasource>,
): Datasource | undefined {
  return jndi == null ? undefined : datasources.find((d) => d.jndiName === jndi || d.name === jndi);
}

export function brokerTimingProblem(broker: BrokerConfig): string | null {
  const { heartbeatInterval, coordinatorEntryCreationWaitTime } = broker.rdbmsCoordination;
  if (!broker.rdbmsCoordination.enabled || heartbeatInterval > coordinatorEntryCreationWaitTime) return null;
  return `heartbeatInterval ${heartbeatInterval} ms is not greater than coordinatorEntryCreationWaitTime ${coordinatorEntryCreationWaitTime} ms, so the broker refuses to start RDBMS coordination (Andes checks this at start). Keep the wait time below the heartbeat, e.g. the shipped 5000 and 3000.`;
}

/** Add broker.xml to a normalised result: the model's `broker` section, its diagnostics and its locations. */
export function attachBroker(
  result: {
    config: { sources: Array<string>; diagnostics: Array<Diagnostic>; broker?: BrokerConfig };
    locations: Locations;
  },
  text: string | undefined,
): void {
  if (text === undefined) return;
  const parsed = parseBrokerXml(text, BROKER_FILE);
  result.config.sources.push(BROKER_FILE);
  result.config.broker = parsed.raw.config;
  result.config.diagnostics.push(...parsed.diagnostics);
  for (const [key, at] of Object.entries(parsed.positions)) result.locations[key] = { file: BROKER_FILE, ...at };
  const timing = brokerTimingProblem(parsed.raw.config);
  if (timing !== null) {
    const at = parsed.positions["broker.rdbmsCoordination.coordinatorEntryCreationWaitTime"] ?? FILE_START;
    result.config.diagnostics.push(
      diagnostic(
        "error",
        "broker-heartbeat-timing",
        BROKER_FILE,
        at,
        timing,
        "broker.rdbmsCoordination.coordinatorEntryCreationWaitTime",
      ),
    );
  }
}
