/**
 * The `kube-apiserver` stand-in: the slice of the Kubernetes API the kubernetes membership scheme uses
 * (ADR 0027). It serves `GET /api/v1/namespaces/<ns>/endpoints/<name>` (verb get) and
 * `GET /api/v1/namespaces/<ns>/endpoints` (verb list) for the lab's services, authenticates service-account
 * bearer tokens (401 otherwise) and authorizes with RBAC read from the learner's rbac.yaml (403 with
 * Kubernetes' Status body otherwise). Each call is logged as one `kube-audit {json}` line, the way the
 * real API server's audit log records user, verb, resource and response code.
 *
 * A service's endpoints are the pods that are running right now: a pod's address is what its host name
 * resolves to on the lab network at call time, so a stopped pod drops out and a started one appears,
 * as the endpoints controller would show.
 */
import dns from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import { z } from "zod";
import { authorize, type RbacPolicy } from "./rbac";
import { listenStandIn } from "./listen";

export const kubeServiceSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
  namespace: z.string().min(1),
  /** Host names of the pods behind the service (node names on the lab network, or IP literals in tests). */
  pods: z.array(z.string().min(1)).min(1),
  port: z.number().int().min(1).max(65535),
  portName: z.string().default("hazelcast"),
});
export type KubeService = z.infer<typeof kubeServiceSchema>;
export const kubeTokenSchema = z.object({
  token: z.string().min(16),
  namespace: z.string().min(1),
  serviceAccount: z.string().min(1),
});
export type KubeToken = z.infer<typeof kubeTokenSchema>;

export type KubeStandInConfig = { services: Array<KubeService>; tokens: Array<KubeToken>; rbac: RbacPolicy };

export type KubeAudit = {
  at: string;
  /** The caller's address (a pod IP on the lab network), as the audit log's sourceIPs. */
  sourceIp: string;
  user: string | null;
  verb: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  code: number;
  reason: string | null;
  addresses: Array<string>;
};

export function kubeStatus(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, string>,
): Record<string, unknown> {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

async function addressOf(host: string): Promise<string | null> {
  if (net.isIPv4(host)) return host;
  try {
    return (await dns.lookup(host, { family: 4 })).address;
  } catch {
    return null;
  }
}

async function endpointsOf(service: KubeService): Promise<Record<string, unknown>> {
  const resolved = await Promise.all(service.pods.map(async (pod) => ({ pod, ip: await addressOf(pod) })));
  const addresses = resolved
    .filter((r) => r.ip !== null)
    .map((r) => ({ ip: r.ip ?? "", targetRef: { kind: "Pod", namespace: service.namespace, name: r.pod } }));
  return {
    kind: "Endpoints",
    apiVersion: "v1",
    metadata: { name: service.name, namespace: service.namespace },
    // Kubernetes omits subsets entirely when no pod is ready.
    ...(addresses.length === 0
      ? {}
      : { subsets: [{ addresses, ports: [{ name: service.portName, port: service.port, protocol: "TCP" }] }] }),
  };
}

export type KubeStandIn = { readonly port: number; audit(): Array<KubeAudit>; close(): Promise<void> };

export async function startKubeApiServerStandIn(
  config: KubeStandInConfig,
  options: { host?: string; port?: number; log?: (line: string) => void } = {},
): Promise<KubeStandIn> {
  const audit: Array<KubeAudit> = [];
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));

  async function handle(req: http.IncomingMessage): Promise<{ code: number; body: unknown; entry: KubeAudit | null }> {
    const path = new URL(req.url ?? "/", "http://kube.local").pathname;
    if (path === "/healthz" || path === "/livez" || path === "/readyz") return { code: 200, body: "ok", entry: null };
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/endpoints(?:\/([^/]+))?\/?$/.exec(path);
    const entry: KubeAudit = {
      at: new Date().toISOString(),
      sourceIp: (req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
      user: null,
      verb: "get",
      resource: "endpoints",
      namespace: null,
      name: null,
      code: 200,
      reason: null,
      addresses: [],
    };
    const finish = (code: number, body: unknown) => {
      entry.code = code;
      if (typeof body === "object" && body !== null && "reason" in body)
        entry.reason = String((body as { reason: unknown }).reason);
      return { code, body, entry };
    };
    if (req.method !== "GET")
      return finish(
        405,
        kubeStatus(
          405,
          "MethodNotAllowed",
          `the server does not allow this method on the requested resource (this stand-in serves GET only)`,
        ),
      );
    const bearer = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = config.tokens.find((t) => t.token === bearer);
    if (token === undefined) return finish(401, kubeStatus(401, "Unauthorized", "Unauthorized"));
    entry.user = `system:serviceaccount:${token.namespace}:${token.serviceAccount}`;
    if (match === null)
      return finish(404, kubeStatus(404, "NotFound", "the server could not find the requested resource"));
    const namespace = decodeURIComponent(match[1] ?? "");
    const name = match[2] === undefined ? null : decodeURIComponent(match[2]);
    entry.namespace = namespace;
    entry.name = name;
    entry.verb = name === null ? "list" : "get";
    if (
      !authorize(config.rbac, {
        user: entry.user,
        verb: entry.verb,
        apiGroup: "",
        resource: "endpoints",
        namespace,
        name,
      })
    ) {
      const what = name === null ? "endpoints" : `endpoints "${name}"`;
      return finish(
        403,
        kubeStatus(
          403,
          "Forbidden",
          `${what} is forbidden: User "${entry.user}" cannot ${entry.verb} resource "endpoints" in API group "" in the namespace "${namespace}"`,
          { ...(name === null ? {} : { name }), kind: "endpoints" },
        ),
      );
    }
    const services = config.services.filter((s) => s.namespace === namespace && (name === null || s.name === name));
    if (name !== null && services.length === 0)
      return finish(404, kubeStatus(404, "NotFound", `endpoints "${name}" not found`, { name, kind: "endpoints" }));
    const items = await Promise.all(services.map(endpointsOf));
    for (const item of items) {
      const subsets = (item["subsets"] ?? []) as Array<{ addresses: Array<{ ip: string }> }>;
      entry.addresses.push(...subsets.flatMap((s) => s.addresses.map((a) => a.ip)));
    }
    return finish(200, name === null ? { kind: "EndpointsList", apiVersion: "v1", metadata: {}, items } : items[0]);
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      ({ code, body, entry }) => {
        if (entry !== null) {
          audit.push(entry);
          if (audit.length > 5000) audit.splice(0, audit.length - 5000);
          log(`kube-audit ${JSON.stringify(entry)}`);
        }
        res
          .writeHead(code, { "content-type": typeof body === "string" ? "text/plain" : "application/json" })
          .end(typeof body === "string" ? body : JSON.stringify(body));
      },
      (error: unknown) => {
        log(`kube-error ${(error as Error).message}`);
        res
          .writeHead(500, { "content-type": "application/json" })
          .end(
            JSON.stringify(
              kubeStatus(500, "InternalError", "an error on the server has prevented the request from succeeding"),
            ),
          );
      },
    );
  });
  return { ...(await listenStandIn(server, options)), audit: () => [...audit] };
}
