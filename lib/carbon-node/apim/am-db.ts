/**
 * API-M state in WSO2AM_DB through the node's datasource layer (lib/carbon-node/datasources.ts): published APIs,
 * applications, subscriptions and access tokens, as JSON documents in the training node's own key/value table.
 * A profile whose WSO2AM_DB is local H2 gets a node-local file, so it visibly does not share this state.
 */
import { z } from "zod";
import type { ApimConfig } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import type { DataStore } from "../data-store";

export const apiDefinitionSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "API names are 1-64 letters, digits, . _ -"),
  context: z
    .string()
    .regex(/^(\/[A-Za-z0-9._-]+){1,4}$/, "a context is /segment[/segment...] of letters, digits, . _ -"),
  version: z.string().regex(/^[A-Za-z0-9._-]{1,16}$/, "a version is letters, digits, . _ -"),
});
export type ApiDefinition = z.infer<typeof apiDefinitionSchema>;

export const applicationSchema = z.object({ name: z.string(), subscriber: z.string() });
export const subscriptionSchema = z.object({ application: z.string(), context: z.string(), tier: z.string() });
export type Subscription = z.infer<typeof subscriptionSchema>;
export const tokenSchema = z.object({
  application: z.string(),
  subscriber: z.string(),
  issuedAt: z.number(),
  revoked: z.boolean(),
});
export type TokenRecord = z.infer<typeof tokenSchema>;

export type AmDb = {
  /** e.g. `WSO2AM_DB (postgresql db:5432/wso2am_db)` or `WSO2AM_DB (local)`: for messages that explain a miss. */
  readonly description: string;
  putApi(api: ApiDefinition): Promise<void>;
  getApi(context: string): Promise<ApiDefinition | null>;
  putApplication(name: string, subscriber: string): Promise<void>;
  getApplication(name: string): Promise<z.infer<typeof applicationSchema> | null>;
  putSubscription(sub: Subscription): Promise<void>;
  getSubscription(application: string, context: string): Promise<Subscription | null>;
  putToken(token: string, record: TokenRecord): Promise<void>;
  getToken(token: string): Promise<TokenRecord | null>;
};

/** Keys live under one prefix of their own, apart from registry resources in the same table. */
const PREFIX = "/_clusterlab/apim";

export function createAmDb(store: DataStore): AmDb {
  async function read<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    const text = await store.registryGet(`${PREFIX}${key}`);
    if (text === null) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
  const write = (key: string, value: unknown): Promise<void> =>
    store.registryPut(`${PREFIX}${key}`, JSON.stringify(value));
  return {
    description: store.description,
    putApi: (api) => write(`/apis${api.context}`, api),
    getApi: (context) => read(`/apis${context}`, apiDefinitionSchema),
    putApplication: (name, subscriber) => write(`/applications/${encodeURIComponent(name)}`, { name, subscriber }),
    getApplication: (name) => read(`/applications/${encodeURIComponent(name)}`, applicationSchema),
    putSubscription: (sub) => write(`/subscriptions/${encodeURIComponent(sub.application)}${sub.context}`, sub),
    getSubscription: (application, context) =>
      read(`/subscriptions/${encodeURIComponent(application)}${context}`, subscriptionSchema),
    putToken: (token, record) => write(`/tokens/${encodeURIComponent(token)}`, record),
    getToken: (token) => read(`/tokens/${encodeURIComponent(token)}`, tokenSchema),
  };
}

/** What each servlet-port profile (Key Manager, Publisher, Store) is built from: one shape for all three. */
export type ServletProfileInput = {
  node: string;
  apim: ApimConfig;
  amDb: AmDb;
  offset: number;
  log: CarbonLogger;
};
