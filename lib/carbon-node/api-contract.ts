/**
 * The training node's HTTP API as data: one zod schema per response. The node's handler is type-checked
 * against them (`reply(schema, body)` in http-api.ts) and the graders, the lab console and the tests parse
 * what a node answers with the same schemas (re-exported as `nodeApi` from lib/grading/probes), so the two
 * sides cannot drift: change a response here and both the node and every reader see it.
 */
import { z } from "zod";

const node = z.string();

export const apiMemberSchema = z.object({
  uuid: z.string(),
  host: z.string(),
  port: z.number().int(),
  name: z.string(),
});

/** GET /carbon/health */
export const healthSchema = z.object({ status: z.literal("UP"), node, uptimeMs: z.number(), joined: z.boolean() });

/** GET /carbon/cluster: what this node believes about its cluster. */
export const clusterViewSchema = z.object({
  localMember: apiMemberSchema,
  members: z.array(apiMemberSchema),
  /** Standalone: no cluster, so no coordinator election (null), as a Carbon node with clustering off. */
  coordinator: apiMemberSchema.nullable(),
  scheme: z.string().nullable(),
  domain: z.string(),
  clusteringEnabled: z.boolean(),
  joined: z.boolean(),
});

/** GET /carbon/logs?tail=N */
export const logsSchema = z.object({ lines: z.array(z.string()) });

/** GET /api/session: the per-node HTTP session behind the JSESSIONID cookie. */
export const sessionSchema = z.object({ sessionId: z.string(), count: z.number().int(), isNew: z.boolean(), node });

/** GET /api/registry/<path> */
export const registryReadSchema = z.object({
  path: z.string(),
  content: z.string(),
  /** The datasource (or "local H2") the resource was read from. */
  storedIn: z.string(),
  shared: z.boolean(),
  cache: z.enum(["hit", "miss"]),
  node,
});
/** PUT /api/registry/<path> */
export const registryWriteSchema = z.object({
  path: z.string(),
  storedIn: z.string(),
  invalidatedCluster: z.boolean(),
  node,
});

/** GET /api/replicated/<key> */
export const replicatedEntrySchema = z.object({ key: z.string(), value: z.json(), node });
/** GET /api/replicated */
export const replicatedListSchema = z.object({ entries: z.record(z.string(), z.json().optional()), node });
/** PUT /api/replicated/<key> */
export const replicatedWriteSchema = z.object({
  key: z.string(),
  value: z.json(),
  replicatedTo: z.number().int().nonnegative(),
  node,
});

/** GET|POST /api/counter?name=&tx=&ds= */
export const counterSchema = z.object({
  name: z.string(),
  value: z.number().int(),
  tx: z.boolean().nullable(),
  datasource: z.string(),
  node,
});

/** GET /api/artifacts/<folder>/<file> (a file) or /api/artifacts/<folder> (a folder listing). */
export const artifactReadSchema = z.discriminatedUnion("kind", [
  z.object({ path: z.string(), kind: z.literal("file"), content: z.string(), bytes: z.number().int(), node }),
  z.object({ path: z.string(), kind: z.literal("folder"), entries: z.array(z.string()), node }),
]);
/** PUT /api/artifacts/<folder>/<file> */
export const artifactDeploySchema = z.object({ path: z.string(), bytes: z.number().int(), node });
/** DELETE /api/artifacts/<folder>/<file> */
export const artifactUndeploySchema = z.object({ path: z.string(), removed: z.literal(true), node });

/** Every 4xx/5xx answer. */
export const apiErrorSchema = z.object({ error: z.string(), node });

export const nodeApi = {
  health: healthSchema,
  cluster: clusterViewSchema,
  logs: logsSchema,
  session: sessionSchema,
  registryRead: registryReadSchema,
  registryWrite: registryWriteSchema,
  replicatedEntry: replicatedEntrySchema,
  replicatedList: replicatedListSchema,
  replicatedWrite: replicatedWriteSchema,
  counter: counterSchema,
  artifactRead: artifactReadSchema,
  artifactDeploy: artifactDeploySchema,
  artifactUndeploy: artifactUndeploySchema,
  error: apiErrorSchema,
} as const;

export type ClusterViewResponse = z.infer<typeof clusterViewSchema>;
