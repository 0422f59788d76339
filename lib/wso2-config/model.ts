/**
 * The ONE typed model of a Carbon node's configuration, whichever era it was written in
 * (deployment.toml, or the Carbon 4.4 XML files). Parsers in this folder produce it; the
 * training node (lib/carbon-node), the linter, graders and `clusterlab config explain`
 * consume it. `config explain --json` prints exactly this shape: keep it stable, add fields freely.
 *
 * Values here are *normalised* (ports are numbers, defaults applied, `$ref{}` resolved where
 * the file allows it). The raw text of a value stays available through `diagnostics` positions
 * and the parsers' own raw outputs; the samples' expected.json are compared against those.
 */
import { z } from "zod";

export const severitySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof severitySchema>;

/** A problem found in a config file, positioned so an editor can underline it. Lines and columns are 1-based. */
export const diagnosticSchema = z.object({
  severity: severitySchema,
  /** Stable machine code, e.g. `toml-syntax`, `wka-too-few-members`. Progress rows and hints key off it. */
  code: z.string(),
  /** Path relative to the Carbon home (or workspace), e.g. `repository/conf/deployment.toml`. */
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  /** Dotted key or XML path the problem is about, when there is one. */
  key: z.string().optional(),
  /** What happened and what to do about it, in one or two sentences. */
  message: z.string(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export const memberSchema = z.object({ host: z.string(), port: z.number().int() });
export type Member = z.infer<typeof memberSchema>;

export const clusteringSchema = z.object({
  enabled: z.boolean(),
  /** wka | multicast | aws | aws-ecs | kubernetes | a custom class name; a free string, as WSO2 accepts any class. */
  scheme: z.string().nullable(),
  /** Default `wso2.carbon.domain` (HazelcastClusteringAgent). */
  domain: z.string(),
  localMemberHost: z.string().nullable(),
  /** Default 4000; NOT moved by the port offset. */
  localMemberPort: z.number().int(),
  members: z.array(memberSchema),
  multicast: z.object({
    address: z.string().nullable(),
    port: z.number().int(),
    ttl: z.number().int(),
    timeout: z.number().int(),
  }),
  /** axis2 `<parameter name="properties">` entries, or `[clustering.properties]`. */
  properties: z.record(z.string(), z.string()),
  /** Other top-level axis2 clustering parameters (KUBERNETES_*, AvoidInitiation, ...). */
  parameters: z.record(z.string(), z.string()),
  /** Where the effective Hazelcast config comes from (repository/conf/etc/hazelcast.xml overrides axis2). */
  hazelcastConfigSource: z.enum(["axis2", "deployment.toml", "hazelcast.xml"]),
});
export type ClusteringConfig = z.infer<typeof clusteringSchema>;

export const datasourceSchema = z.object({
  /** e.g. WSO2_SHARED_DB, WSO2_CARBON_DB */
  name: z.string(),
  jndiName: z.string().nullable(),
  url: z.string().nullable(),
  username: z.string().nullable(),
  password: z.string().nullable(),
  driver: z.string().nullable(),
  /** For toml `[database.<id>]`: the id (`shared_db`, `identity_db`, ...). */
  tomlId: z.string().optional(),
  pool: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type Datasource = z.infer<typeof datasourceSchema>;

export const registryMountSchema = z.object({
  path: z.string(),
  targetPath: z.string(),
  instanceId: z.string(),
  readOnly: z.boolean(),
  /** JNDI name of the datasource backing the mount (via remoteInstance -> dbConfig -> dataSource). */
  dataSource: z.string().nullable(),
});
export type RegistryMount = z.infer<typeof registryMountSchema>;

/**
 * API Manager 2.x `repository/conf/api-manager.xml`: the URLs that wire the five profiles together (facts §9
 * "API-M 2.6 distributed deployment"). Every value is as written in the file (null when the element is absent);
 * `${carbon.local.ip}`-style placeholders stay unresolved. This is the contract between the config model (which
 * fills it) and the training node's API-M profile model (which follows these URLs).
 */
export const apimGatewayEnvironmentSchema = z.object({
  /** `<Environment type="...">`: production, sandbox or hybrid. */
  type: z.string().nullable(),
  name: z.string().nullable(),
  /** `<ServerURL>`: the Gateway's admin services, e.g. https://gw:9443/services/ (the Publisher deploys APIs here). */
  serverUrl: z.string().nullable(),
  /** `<GatewayEndpoint>` split on commas, e.g. ["http://gw:8280", "https://gw:8243"] (what the Store shows). */
  gatewayEndpoints: z.array(z.string()),
});
export const apimConfigSchema = z.object({
  /** `AuthManager/ServerURL`: the Key Manager's services, e.g. https://km:9443/services/. */
  authManagerUrl: z.string().nullable(),
  gatewayEnvironments: z.array(apimGatewayEnvironmentSchema),
  keyValidator: z.object({
    /** `APIKeyValidator/ServerURL`: where a Gateway validates tokens (the Key Manager's /services/). */
    serverUrl: z.string().nullable(),
    /** `KeyValidatorClientType`: ThriftClient or WSClient. */
    clientType: z.string().nullable(),
    /** `ThriftClientPort` (10397 by default). */
    thriftClientPort: z.number().int().nullable(),
    /** `EnableThriftServer` (the Key Manager side). */
    thriftServerEnabled: z.boolean().nullable(),
  }),
  throttling: z.object({
    /** `ThrottlingConfigurations/EnableAdvanceThrottling`. */
    advanced: z.boolean().nullable(),
    /** `TrafficManager/ReceiverUrlGroup` (or DataPublisher's), e.g. tcp://tm:9611: where Gateways send request events. */
    receiverUrlGroup: z.string().nullable(),
    /** `TrafficManager/AuthUrlGroup`, e.g. ssl://tm:9711. */
    authUrlGroup: z.string().nullable(),
    /** `DataPublisher/Enabled`. */
    dataPublisherEnabled: z.boolean().nullable(),
    /** `PolicyDeployer/ServiceURL`: where the Publisher/Admin deploy throttling policies (the TM's /services/). */
    policyDeployerUrl: z.string().nullable(),
    /** `JMSConnectionDetails/Enabled`. */
    jmsEnabled: z.boolean().nullable(),
    /** The TopicConnectionFactory URL, e.g. amqp://admin:admin@clientid/carbon?brokerlist='tcp://tm:5672'. */
    jmsConnectionUrl: z.string().nullable(),
    /** The `brokerlist` of that URL parsed to host:port pairs (where Gateways receive throttle decisions). */
    jmsBrokers: z.array(memberSchema),
  }),
  /** `APIStore/URL`. */
  storeUrl: z.string().nullable(),
  /** `OAuthConfigurations/RevokeAPIURL`, e.g. https://gw:8243/revoke (the KM calls it to clear Gateway caches). */
  revokeApiUrl: z.string().nullable(),
  /** `CacheConfigurations/EnableGatewayTokenCache` (true by default). */
  gatewayTokenCache: z.boolean().nullable(),
});
export type ApimConfig = z.infer<typeof apimConfigSchema>;

/**
 * IS Analytics (Stream Processor) worker `conf/worker/deployment.yaml`: the minimum-HA settings of IS deployment
 * pattern 2 (facts §9). Values as written, numbers parsed; null when the key is absent. Its `wso2.datasources`
 * join `datasources` (WSO2_CLUSTER_DB is one of them). docs/decisions/0034-is-analytics-worker-model.md.
 */
export const analyticsWorkerConfigSchema = z.object({
  /** The file it came from, relative to the home (conf/worker/deployment.yaml). */
  file: z.string(),
  cluster: z.object({
    /** `cluster.config.enabled` (false when absent, as in the product's default file). */
    enabled: z.boolean(),
    groupId: z.string().nullable(),
    coordinationStrategyClass: z.string().nullable(),
    /** `strategyConfig.datasource`: the datasource the RDBMS coordination keeps its heartbeats in. */
    datasource: z.string().nullable(),
    /** Milliseconds between heartbeats. */
    heartbeatInterval: z.number().int().nullable(),
    /** Heartbeats a member may miss before the others consider it gone. */
    heartbeatMaxRetry: z.number().int().nullable(),
    eventPollingInterval: z.number().int().nullable(),
  }),
  deployment: z.object({
    /** `deployment.config.type`: `ha` for minimum high availability. */
    type: z.string().nullable(),
    eventSyncServer: z.object({
      host: z.string().nullable(),
      port: z.number().int().nullable(),
      advertisedHost: z.string().nullable(),
      advertisedPort: z.number().int().nullable(),
    }),
  }),
  /** The Thrift data receiver's TCP port (`databridge.config` dataReceivers, 7612 when not written). */
  thriftPort: z.number().int(),
});
export type AnalyticsWorkerConfig = z.infer<typeof analyticsWorkerConfigSchema>;

/** One receiver URL of an event publisher, e.g. tcp://worker1:7612. */
export const receiverUrlSchema = z.object({ url: z.string(), host: z.string(), port: z.number().int().nullable() });
/**
 * An IS event publisher (`repository/deployment/server/eventpublishers/*.xml`). `receiverGroups` follows the
 * databridge agent's URL syntax: `{...},{...}` groups each get every event; inside a group `|` is failover (one
 * receiver at a time, the next when it fails) and `,` is load balancing (round robin).
 */
export const eventPublisherSchema = z.object({
  file: z.string(),
  name: z.string().nullable(),
  streamName: z.string().nullable(),
  /** `<to eventAdapterType>`: wso2event for the analytics publishers. */
  adapterType: z.string().nullable(),
  /** `protocol` property: thrift or binary. */
  protocol: z.string().nullable(),
  receiverUrl: z.string().nullable(),
  receiverGroups: z.array(
    z.object({ mode: z.enum(["single", "failover", "loadbalance"]), receivers: z.array(receiverUrlSchema) }),
  ),
});
export type EventPublisher = z.infer<typeof eventPublisherSchema>;

/**
 * EI 6.5 Message Broker profile `broker.xml` (facts §9): the `<coordination>` block and the store datasources.
 * Present only when the home has broker.xml (lib/wso2-config/broker-xml.ts fills it, with the shipped defaults).
 */
export const brokerConfigSchema = z.object({
  /** `<nodeID>`; "default" lets the broker generate one (unique per node). */
  nodeId: z.string(),
  /** `<thriftServerHost>`/`<thriftServerPort>`: where the coordinator serves slot ranges (advertised in its DB row). */
  thriftServerHost: z.string(),
  thriftServerPort: z.number().int(),
  rdbmsCoordination: z.object({
    enabled: z.boolean(),
    /** Milliseconds; a coordinator row older than twice this is stale (Andes RDBMSCoordinationStrategy). */
    heartbeatInterval: z.number().int(),
    coordinatorEntryCreationWaitTime: z.number().int(),
    eventPollingInterval: z.number().int(),
  }),
  rdbmsClusterEventSync: z.object({ enabled: z.boolean(), eventSyncInterval: z.number().int() }),
  /** `<transports><amqp><defaultConnection port>` before the offset (5672). */
  amqpPort: z.number().int(),
  /** JNDI name in `<messageStore><property name="dataSource">` (WSO2MBStoreDB); null when the store names none. */
  messageStoreDataSource: z.string().nullable(),
  contextStoreDataSource: z.string().nullable(),
});
export type BrokerConfig = z.infer<typeof brokerConfigSchema>;

export const carbonConfigSchema = z.object({
  /** Files that were read, relative to the Carbon home. */
  sources: z.array(z.string()),
  era: z.enum(["toml", "xml"]),
  server: z.object({
    hostname: z.string().nullable(),
    mgtHostname: z.string().nullable(),
    offset: z.number().int(),
  }),
  clustering: clusteringSchema,
  /** hazelcast.properties / `[hazelcast]`, plus Carbon's own defaults it sets before reading the file. */
  hazelcast: z.record(z.string(), z.string()),
  datasources: z.array(datasourceSchema),
  registry: z.object({ mounts: z.array(registryMountSchema) }),
  ports: z.object({
    /** servlet HTTP 9763 + offset */
    http: z.number().int(),
    /** servlet HTTPS 9443 + offset */
    https: z.number().int(),
    /** localMemberPort (no offset) */
    member: z.number().int(),
    /** toml `[transport.http.properties] proxyPort` (the load balancer's port); null when not set. Always emitted by the parsers. */
    httpProxy: z.number().int().nullable().optional(),
    /** toml `[transport.https.properties] proxyPort`; null when not set. Always emitted by the parsers. */
    httpsProxy: z.number().int().nullable().optional(),
  }),
  /** API Manager 2.x wiring, present only when the home has repository/conf/api-manager.xml. */
  apim: apimConfigSchema.optional(),
  /** IS Analytics worker settings, present only when the home has conf/worker/deployment.yaml. */
  analytics: analyticsWorkerConfigSchema.optional(),
  /** IS event publishers, present only when repository/deployment/server/eventpublishers holds XML files. */
  eventPublishers: z.array(eventPublisherSchema).optional(),
  /** EI Message Broker profile wiring, present only when the home has broker.xml (conf/broker.xml in an EI home). */
  broker: brokerConfigSchema.optional(),
  diagnostics: z.array(diagnosticSchema),
});
export type CarbonConfig = z.infer<typeof carbonConfigSchema>;
