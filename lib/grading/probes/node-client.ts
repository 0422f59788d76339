/**
 * The typed client of the training node's lab API (ADR 0014 shared the response schemas; this is the
 * other half): checks call `nodeClient(ctx, "node1").registry.put(path, "v1")` instead of building
 * `/api/...` URLs and parsing bodies by hand. Every call answers as data, never throws: the parsed body,
 * or what went wrong in words a check can quote ("node2: HTTP 404 …", "node1: connection refused").
 * The URL paths and bodies are the node's (lib/carbon-node/http-api.ts); this is a teaching model's API,
 * not Carbon's.
 */
import type { z } from "zod";
import { nodeApi } from "@/lib/carbon-node/api-contract";
import { httpProbe } from "./http";
import { parseJsonAs } from "./payload";
import type { ProbeContext } from "./context";

/**
 * One API call's answer: the validated body, or why there is none: `status` (null when nothing answered),
 * `reason` ("HTTP 404 …", "connection refused …") and `said` (the reason prefixed with the node's name).
 */
export type NodeCall<T> = { ok: true; value: T } | { ok: false; status: number | null; reason: string; said: string };

export type NodeCallOptions = { timeoutMs?: number };

export type NodeClientOptions = {
  /** The container port to call (default: the node's first declared port; e.g. the lb's 8080). */
  port?: number;
  /** Extra request headers per call (e.g. a cookie jar's Cookie header through a sticky load balancer). */
  headers?: () => Record<string, string>;
};

type Registry = z.infer<typeof nodeApi.registryRead>;
type RegistryWrite = z.infer<typeof nodeApi.registryWrite>;
type Counter = z.infer<typeof nodeApi.counter>;
type ReplicatedEntry = z.infer<typeof nodeApi.replicatedEntry>;
type ReplicatedWrite = z.infer<typeof nodeApi.replicatedWrite>;
type ArtifactRead = z.infer<typeof nodeApi.artifactRead>;
type ArtifactDeploy = z.infer<typeof nodeApi.artifactDeploy>;
type ArtifactUndeploy = z.infer<typeof nodeApi.artifactUndeploy>;

export type NodeClient = {
  node: string;
  registry: {
    /** GET /api/registry<path>: a 404 (no such resource) is `{ ok: false, status: 404 }`. */
    get(path: string, options?: NodeCallOptions): Promise<NodeCall<Registry>>;
    put(path: string, content: string, options?: NodeCallOptions): Promise<NodeCall<RegistryWrite>>;
  };
  counter: {
    read(name: string, options?: NodeCallOptions & { ds?: string }): Promise<NodeCall<Counter>>;
    /** POST: one increment; `tx` asks the node for the transactional path (SELECT … FOR UPDATE). */
    increment(name: string, options?: NodeCallOptions & { ds?: string; tx?: boolean }): Promise<NodeCall<Counter>>;
  };
  replicated: {
    get(key: string, options?: NodeCallOptions): Promise<NodeCall<ReplicatedEntry>>;
    put(key: string, value: unknown, options?: NodeCallOptions): Promise<NodeCall<ReplicatedWrite>>;
  };
  artifacts: {
    /** `file` is `<folder>/<name>`, e.g. `userstores/SECONDARY.xml`. */
    read(file: string, options?: NodeCallOptions): Promise<NodeCall<ArtifactRead>>;
    deploy(file: string, content: string, options?: NodeCallOptions): Promise<NodeCall<ArtifactDeploy>>;
    undeploy(file: string, options?: NodeCallOptions): Promise<NodeCall<ArtifactUndeploy>>;
  };
};

const JSON_BODY = { "content-type": "application/json" };

export function nodeClient(
  ctx: Pick<ProbeContext, "url" | "signal">,
  node: string,
  clientOptions: NodeClientOptions = {},
): NodeClient {
  async function call<T>(
    schema: z.ZodType<T>,
    method: string,
    path: string,
    body: unknown,
    options: NodeCallOptions = {},
  ): Promise<NodeCall<T>> {
    const headers = { ...(body === undefined ? {} : JSON_BODY), ...(clientOptions.headers?.() ?? {}) };
    const res = await httpProbe(`${ctx.url(node, clientOptions.port)}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: ctx.signal,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const failed = (status: number | null, reason: string): NodeCall<T> => ({
      ok: false,
      status,
      reason,
      said: `${node}: ${reason}`,
    });
    if (!res.ok) return failed(null, res.error);
    if (res.status !== 200)
      return failed(
        res.status,
        `${method === "GET" ? "" : `${method} `}HTTP ${res.status} ${res.body.slice(0, 160)}`.trim(),
      );
    const value = parseJsonAs(schema, res.body);
    return value === null
      ? failed(res.status, `HTTP 200 with an unexpected body: ${res.body.slice(0, 160)}`)
      : { ok: true, value };
  }
  const query = (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]]))).toString();
  const key = (k: string) => `/api/replicated/${encodeURIComponent(k)}`;

  return {
    node,
    registry: {
      get: (path, options) => call(nodeApi.registryRead, "GET", `/api/registry${path}`, undefined, options),
      put: (path, content, options) => call(nodeApi.registryWrite, "PUT", `/api/registry${path}`, { content }, options),
    },
    counter: {
      read: (name, options = {}) =>
        call(nodeApi.counter, "GET", `/api/counter?${query({ name, ds: options.ds })}`, undefined, options),
      increment: (name, options = {}) =>
        call(
          nodeApi.counter,
          "POST",
          `/api/counter?${query({ name, ds: options.ds, tx: options.tx ? "1" : undefined })}`,
          undefined,
          options,
        ),
    },
    replicated: {
      get: (k, options) => call(nodeApi.replicatedEntry, "GET", key(k), undefined, options),
      put: (k, value, options) => call(nodeApi.replicatedWrite, "PUT", key(k), { value }, options),
    },
    artifacts: {
      read: (file, options) => call(nodeApi.artifactRead, "GET", `/api/artifacts/${file}`, undefined, options),
      deploy: (file, content, options) =>
        call(nodeApi.artifactDeploy, "PUT", `/api/artifacts/${file}`, { content }, options),
      undeploy: (file, options) =>
        call(nodeApi.artifactUndeploy, "DELETE", `/api/artifacts/${file}`, undefined, options),
    },
  };
}
