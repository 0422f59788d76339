/**
 * Carbon defaults, each from ../shared/reference/wso2-clustering-facts.md (section in brackets).
 * Code and lessons must agree with that file; change a value here only together with it.
 */
export const DEFAULT_DOMAIN = "wso2.carbon.domain"; // §3 domain, [K-agent]
export const DEFAULT_LOCAL_MEMBER_PORT = 4000; // §3 localMemberPort, not moved by the offset
/** infer.json gives aws-ecs its own local_member_port default (§4). */
export const DEFAULT_AWS_ECS_MEMBER_PORT = 5701;
export const DEFAULT_SCHEME_WHEN_ENABLED = "multicast"; // §3 membershipScheme missing -> multicast [K-agent]
export const DEFAULT_MCAST_PORT = 45564; // §3, §4 (hard-coded in axis2.xml.j2)
export const DEFAULT_MCAST_TTL = 100;
export const DEFAULT_MCAST_TIMEOUT = 60;
export const HTTP_SERVLET_PORT = 9763; // §8 default ports; + offset
export const HTTPS_SERVLET_PORT = 9443;
/** §4: default.json members when [clustering] gives none. */
export const DEFAULT_TOML_MEMBERS = ["127.0.0.1:4000"];
/** §4: local_member_host defaults to $ref{server.node_ip}. */
export const DEFAULT_TOML_LOCAL_MEMBER_HOST = "$ref{server.node_ip}";
/**
 * What carbon-kernel's axis2.xml.j2 always renders inside <clustering> for a deployment.toml home, whatever
 * [clustering] says: the AvoidInitiation parameter and the three template properties. Source: WSO2's own
 * expected output for its scenario-4 mapper test (sample k45m3-s4-expected-axis2,
 * wso2/carbon-kernel@02b341d9006998139a432e46362f331af3c53fcf), and facts §3 (the kernel default axis2.xml).
 */
export const TOML_AXIS2_TEMPLATE_PARAMETERS: Readonly<Record<string, string>> = { AvoidInitiation: "true" };
export const TOML_AXIS2_TEMPLATE_PROPERTIES: Readonly<Record<string, string>> = {
  backendServerURL: "https://${hostName}:${httpsPort}/services/",
  mgtConsoleURL: "https://${hostName}:${httpsPort}/",
  subDomain: "worker",
};
/**
 * The kernel datasources master-datasources.xml.j2 renders for every deployment.toml home before the
 * [database.*] ones: the local Carbon DB and the message-broker store, both node-local H2. Source: WSO2's
 * expected output for its scenario-7 mapper test (sample k45m3-s7-expected-master-datasources,
 * wso2/carbon-kernel@02b341d9006998139a432e46362f331af3c53fcf). The URL differs from the 4.4 XML-era file (§7).
 */
export const TOML_KERNEL_DATASOURCES = [
  {
    name: "WSO2_CARBON_DB",
    jndiName: "jdbc/WSO2CarbonDB",
    url: "jdbc:h2:repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE",
    username: "wso2carbon",
    password: "wso2carbon",
    driver: "org.h2.Driver",
  },
  {
    name: "WSO2_MB_STORE_DB",
    jndiName: "WSO2MBStoreDB",
    url: "jdbc:h2:repository/database/WSO2MB_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000",
    username: "wso2carbon",
    password: "wso2carbon",
    driver: "org.h2.Driver",
  },
] as const;
/** Schemes whose `<members>` list is used: only WKA honours it (§3), so only WKA gets default.json's members. */
export const MEMBER_LIST_SCHEMES = ["wka"];

/** Axis2 accepts these without membershipSchemeClassName (§3). */
export const BUILT_IN_SCHEMES = ["multicast", "wka", "aws"];

/** §5: set by Carbon 4.4 before reading hazelcast.properties; the file may override them. */
export const CARBON_HAZELCAST_DEFAULTS: Readonly<Record<string, string>> = {
  "hazelcast.max.no.heartbeat.seconds": "600",
  "hazelcast.max.no.master.confirmation.seconds": "900",
  "hazelcast.merge.first.run.delay.seconds": "60",
  "hazelcast.merge.next.run.delay.seconds": "30",
};

/** §7: the kernel's local H2 datasource (master-datasources.xml default, always rendered in the toml era). */
export const CARBON_DB = {
  name: "WSO2_CARBON_DB",
  jndiName: "jdbc/WSO2CarbonDB",
  url: "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000",
  username: "wso2carbon",
  password: "wso2carbon",
  driver: "org.h2.Driver",
} as const;

/**
 * toml `[database.<id>]` -> master-datasources name/JNDI. shared_db, user and config are from §7;
 * apim/apim_db -> WSO2AM_DB from the k45m3-s7 expected master-datasources.xml. A JNDI name we have no
 * source for stays null rather than guessed.
 */
export const TOML_DATABASE_NAMES: Readonly<Record<string, { name: string; jndiName: string | null }>> = {
  shared_db: { name: "WSO2_SHARED_DB", jndiName: "jdbc/SHARED_DB" },
  user: { name: "WSO2USER_DB", jndiName: null },
  config: { name: "WSO2CONFIG_DB", jndiName: null },
  apim_db: { name: "WSO2AM_DB", jndiName: "jdbc/WSO2AM_DB" },
  apim: { name: "WSO2AM_DB", jndiName: "jdbc/WSO2AM_DB" },
};

/** When no [database.shared_db] is given, the shared DB is a node-local H2 file (so nothing is really shared). */
export const DEFAULT_TOML_SHARED_DB_URL = "jdbc:h2:./repository/database/WSO2SHARED_DB;DB_CLOSE_ON_EXIT=FALSE";

/**
 * URL and driver WSO2's config mapper infers from `type` + hostname/port/name (§7, and the k45m3-s7
 * sample pair for mysql: jdbc:mysql://localhost:3306/sharedDb, com.mysql.jdbc.Driver). h2 ignores the
 * hostname and uses a fixed file URL (apim310 sample notes, carbon-kernel 4.6.x infer.json).
 */
export const JDBC_INFERENCE: Readonly<
  Record<
    string,
    { defaultPort: number | null; driver: string; url: (host: string, port: string, name: string) => string }
  >
> = {
  mysql: { defaultPort: 3306, driver: "com.mysql.jdbc.Driver", url: (h, p, n) => `jdbc:mysql://${h}:${p}/${n}` },
  mariadb: { defaultPort: 3306, driver: "org.mariadb.jdbc.Driver", url: (h, p, n) => `jdbc:mariadb://${h}:${p}/${n}` },
  postgre: { defaultPort: 5432, driver: "org.postgresql.Driver", url: (h, p, n) => `jdbc:postgresql://${h}:${p}/${n}` },
  postgresql: {
    defaultPort: 5432,
    driver: "org.postgresql.Driver",
    url: (h, p, n) => `jdbc:postgresql://${h}:${p}/${n}`,
  },
  mssql: {
    defaultPort: 1433,
    driver: "com.microsoft.sqlserver.jdbc.SQLServerDriver",
    url: (h, p, n) => `jdbc:sqlserver://${h}:${p};databaseName=${n}`,
  },
  oracle: {
    defaultPort: 1521,
    driver: "oracle.jdbc.OracleDriver",
    url: (h, p, n) => `jdbc:oracle:thin:@${h}:${p}/${n}`,
  },
  db2: { defaultPort: 50000, driver: "com.ibm.db2.jcc.DB2Driver", url: (h, p, n) => `jdbc:db2://${h}:${p}/${n}` },
  h2: { defaultPort: null, driver: "org.h2.Driver", url: () => CARBON_DB.url },
};
