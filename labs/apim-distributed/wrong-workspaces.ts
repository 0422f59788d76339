/**
 * The apim-distributed lab's corpus of wrong workspaces: each case is the solution with ONE wrong URL, port,
 * database or upstream (exact string replacements in one file), the check that must fail on it, and a string the
 * failing check's message must contain. wrong-workspaces.test.ts applies every case to a copy of the solution and
 * asserts that the config model / `config lint` sees the cause of the static ones (no Docker); the Docker test of the
 * lab (tests/docker/) runs the cases through the lab's checks and asserts `failingCheck` fails with `messageIncludes`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { LintCode } from "@/lib/wso2-config";

/** The check ids of labs/apim-distributed/lab.ts (fixed in the shared plan of issue #13). */
export const APIM_CHECK_IDS = [
  "databases",
  "profile-datasources",
  "profile-wiring",
  "publish",
  "token",
  "throttling",
  "revoke",
  "revoke-without-hazelcast",
  "gateway-failover",
] as const;
export type ApimCheckId = (typeof APIM_CHECK_IDS)[number];

/** Checks that read the workspace files only: a wrong file fails them without starting anything. */
export const STATIC_CHECK_IDS: ReadonlyArray<ApimCheckId> = ["databases", "profile-datasources", "profile-wiring"];

/** Of those, the ones that read files and nothing else (no database): graded without Docker by checks.test.ts. */
export const FILE_ONLY_CHECK_IDS = [
  "profile-datasources",
  "profile-wiring",
] as const satisfies ReadonlyArray<ApimCheckId>;

/** Apply a case's edits to `workspace` (a copy of the solution). */
export function applyEdits(workspace: string, wrong: WrongWorkspace): void {
  for (const edit of wrong.edits) {
    const file = path.join(workspace, edit.file);
    writeFileSync(file, readFileSync(file, "utf8").replace(edit.from, edit.to));
  }
}

export const wrongWorkspaceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().min(20),
  /** Exact replacements in a copy of labs/apim-distributed/solution; each `from` occurs exactly once in its file. */
  edits: z.array(z.object({ file: z.string(), from: z.string().min(1), to: z.string() })).min(1),
  failingCheck: z.enum(APIM_CHECK_IDS),
  messageIncludes: z.string().min(1),
  /** The `config lint` rule that names the cause, when the cause is visible in the Carbon homes' config files. */
  lintCode: z.string().optional(),
});
export type WrongWorkspace = z.infer<typeof wrongWorkspaceSchema> & { lintCode?: LintCode };

const API_MANAGER = (node: string) => `${node}/repository/conf/api-manager.xml`;
const DATASOURCES = (node: string) => `${node}/repository/conf/datasources/master-datasources.xml`;

export const wrongWorkspaces: Array<WrongWorkspace> = [
  {
    id: "gateway-validates-itself",
    description: "gw1 validates tokens against itself (APIKeyValidator/ServerURL left at localhost) instead of the KM.",
    edits: [
      {
        file: API_MANAGER("gw1"),
        from: "<!-- Server URL of the API key manager -->\n        <ServerURL>https://km:9443/services/</ServerURL>",
        to: "<!-- Server URL of the API key manager -->\n        <ServerURL>https://localhost:9443/services/</ServerURL>",
      },
    ],
    failingCheck: "profile-wiring",
    messageIncludes: "https://localhost:9443/services/",
    lintCode: "apim-gateway-validates-itself",
  },
  {
    id: "auth-manager-without-services",
    description: "The Store's AuthManager/ServerURL names the KM host and port but not /services/.",
    edits: [
      {
        file: API_MANAGER("store"),
        from: "<!-- Server URL of the Authentication service -->\n        <ServerURL>https://km:9443/services/</ServerURL>",
        to: "<!-- Server URL of the Authentication service -->\n        <ServerURL>https://km:9443/</ServerURL>",
      },
    ],
    failingCheck: "profile-wiring",
    messageIncludes: "https://km:9443/",
    lintCode: "apim-services-path-missing",
  },
  {
    id: "tm-receiver-on-auth-port",
    description: "gw2 sends request events to the TM's SSL auth port 9711 instead of the binary receiver on 9611.",
    edits: [
      {
        file: API_MANAGER("gw2"),
        from: "<ReceiverUrlGroup>tcp://tm:9611</ReceiverUrlGroup>",
        to: "<ReceiverUrlGroup>tcp://tm:9711</ReceiverUrlGroup>",
      },
    ],
    failingCheck: "profile-wiring",
    messageIncludes: "tcp://tm:9711",
    lintCode: "apim-tm-receiver-port",
  },
  {
    id: "jms-broker-wrong-port",
    description: "gw1 subscribes to throttle decisions on port 5673: it never hears the TM's broker on 5672.",
    edits: [{ file: API_MANAGER("gw1"), from: "brokerlist='tcp://tm:5672'", to: "brokerlist='tcp://tm:5673'" }],
    failingCheck: "throttling",
    messageIncludes: "gw1: HTTP 200",
    lintCode: "apim-jms-broker-port",
  },
  {
    id: "gateway-env-on-pass-through-port",
    description: "The Publisher deploys to gw2's pass-through port 8243 instead of its admin services on 9443.",
    edits: [
      {
        file: API_MANAGER("publisher"),
        from: "<ServerURL>https://gw2:9443/services/</ServerURL>",
        to: "<ServerURL>https://gw2:8243/services/</ServerURL>",
      },
    ],
    failingCheck: "publish",
    messageIncludes: "http://gw2:8243/services/APIGatewayAdmin",
    lintCode: "apim-services-wrong-port",
  },
  {
    id: "store-validates-at-publisher",
    description: "The Store asks the Publisher, not the Key Manager, for keys (APIKeyValidator/ServerURL).",
    edits: [
      {
        file: API_MANAGER("store"),
        from: "<!-- Server URL of the API key manager -->\n        <ServerURL>https://km:9443/services/</ServerURL>",
        to: "<!-- Server URL of the API key manager -->\n        <ServerURL>https://publisher:9443/services/</ServerURL>",
      },
    ],
    failingCheck: "token",
    messageIncludes: "http://publisher:9443/services/APIKeyMgtSubscriberService",
    lintCode: "apim-link-wrong-target",
  },
  {
    id: "km-revoke-to-itself",
    description: "The KM's RevokeAPIURL is left at the pack's localhost: revocations never reach a Gateway's cache.",
    edits: [
      {
        file: API_MANAGER("km"),
        from: "<RevokeAPIURL>https://gw1:8243/revoke</RevokeAPIURL>",
        to: "<RevokeAPIURL>https://localhost:${https.nio.port}/revoke</RevokeAPIURL>",
      },
    ],
    failingCheck: "revoke",
    messageIncludes: "RevokeAPIURL (cannot reach http://localhost:8243/revoke",
    lintCode: "apim-link-wrong-target",
  },
  {
    id: "publisher-am-db-on-h2",
    description: "The Publisher keeps WSO2AM_DB on its local H2 file, so the Store never sees its APIs.",
    edits: [
      {
        file: DATASOURCES("publisher"),
        from: "<url>jdbc:postgresql://db:5432/wso2am_db</url>",
        to: "<url>jdbc:h2:repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE</url>",
      },
    ],
    failingCheck: "profile-datasources",
    messageIncludes: "WSO2AM_DB",
    lintCode: "apim-db-local-h2",
  },
  {
    id: "km-user-db-on-h2",
    description: "The Key Manager's WSO2UM_DB is a local H2 file: users created through the Store are unknown to it.",
    edits: [
      {
        file: DATASOURCES("km"),
        from: "<url>jdbc:postgresql://db:5432/wso2um_db</url>",
        to: "<url>jdbc:h2:repository/database/WSO2UM_DB;DB_CLOSE_ON_EXIT=FALSE</url>",
      },
    ],
    failingCheck: "profile-datasources",
    messageIncludes: "WSO2UM_DB",
    lintCode: "apim-db-local-h2",
  },
  {
    id: "store-governance-not-mounted",
    description: "The Store does not mount /_system/governance on WSO2REG_DB, so it cannot see published APIs.",
    edits: [
      {
        file: "store/repository/conf/registry.xml",
        from: '    <mount path="/_system/governance" overwrite="true">\n        <instanceId>gov</instanceId>\n        <targetPath>/_system/governance</targetPath>\n    </mount>\n',
        to: "",
      },
    ],
    failingCheck: "profile-datasources",
    messageIncludes: "/_system/governance",
    lintCode: "apim-registry-not-mounted",
  },
  {
    id: "registry-db-not-created",
    description:
      "db/init.sql does not create wso2reg_db, so the Publisher's and Store's registry mounts have no database.",
    edits: [{ file: "db/init.sql", from: "CREATE DATABASE wso2reg_db OWNER wso2carbon;\n", to: "" }],
    failingCheck: "databases",
    messageIncludes: "wso2reg_db",
  },
  {
    id: "nginx-one-gateway",
    description: "nginx sends every call to gw1 only: when gw1 stops, API traffic has nowhere to go.",
    edits: [{ file: "lb/nginx.conf", from: "        server gw2:8280 max_fails=1 fail_timeout=10s;\n", to: "" }],
    failingCheck: "gateway-failover",
    messageIncludes: "gw2: 0, failed",
  },
];
