/**
 * Kubernetes membership (kubernetes-membership-scheme, facts §6): with USE_DNS=false the pods are read from
 * `GET /api/v1/namespaces/<ns>/endpoints/<service>` with the pod's service-account bearer token; with
 * DNS (the default) the headless service's name resolves to every ready pod's address. Either way the
 * addresses are joined on localMemberPort.
 *
 * Training-node limits (docs/decisions/0027): the API is spoken over plain HTTP (the lab's stand-in has no
 * TLS, so KUBERNETES_MASTER_SKIP_SSL_VERIFICATION is accepted and has nothing to skip), and the token
 * directory may be moved with `CLUSTERLAB_SERVICEACCOUNT_DIR` (tests).
 */
import dns from "node:dns/promises";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { KubernetesSchemeSettings } from "@/lib/wso2-config/cloud-schemes";

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

const endpointsSchema = z.object({
  kind: z.literal("Endpoints").optional(),
  subsets: z.array(z.object({ addresses: z.array(z.object({ ip: z.string() })).optional() })).nullish(),
});
const statusSchema = z.object({
  kind: z.literal("Status"),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
});

export type KubernetesLookup =
  { ok: true; ips: Array<string> } | { ok: false; status: number; reason: string; message: string };

/** Where the API server is: KUBERNETES_API_SERVER, else the KUBERNETES_SERVICE_HOST/PORT every pod gets. */
export function apiServerBase(
  k8s: KubernetesSchemeSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  if (k8s.apiServer !== null) return k8s.apiServer.replace(/^https:/, "http:").replace(/\/+$/, "");
  const host = env["KUBERNETES_SERVICE_HOST"];
  if (host === undefined || host === "") return null;
  const port = env["KUBERNETES_SERVICE_PORT_HTTPS"] ?? env["KUBERNETES_SERVICE_PORT"] ?? "443";
  return `http://${host}:${port}`;
}

export async function serviceAccountToken(
  k8s: KubernetesSchemeSettings,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string | null> {
  if (k8s.token !== null) return k8s.token;
  try {
    return (
      await readFile(path.join(env["CLUSTERLAB_SERVICEACCOUNT_DIR"] ?? SERVICE_ACCOUNT_DIR, "token"), "utf8")
    ).trim();
  } catch {
    return null;
  }
}

/** One Endpoints read. Never throws: failures come back with the API's Status message. */
export async function readEndpoints(
  base: string,
  namespace: string,
  service: string,
  token: string | null,
  timeoutMs = 5000,
): Promise<KubernetesLookup> {
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/endpoints/${encodeURIComponent(service)}`;
  try {
    const response = await fetch(url, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const status = statusSchema.safeParse(body);
      return {
        ok: false,
        status: response.status,
        reason: status.success ? (status.data.reason ?? "Unknown") : "Unknown",
        message: status.success ? (status.data.message ?? "") : `HTTP ${response.status}`,
      };
    }
    const parsed = endpointsSchema.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        status: response.status,
        reason: "BadResponse",
        message: `${url} did not return an Endpoints object`,
      };
    return { ok: true, ips: (parsed.data.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)) };
  } catch (error) {
    return { ok: false, status: 0, reason: "Unreachable", message: `${url}: ${(error as Error).message}` };
  }
}

/** DNS mode: the headless service name (its cluster FQDN first, then the name as a pod's search path would) -> pod IPs. */
export async function resolveHeadlessService(
  namespace: string | null,
  service: string,
  timeoutMs = 2000,
): Promise<Array<string>> {
  const names = namespace === null ? [service] : [`${service}.${namespace}.svc.cluster.local`, service];
  for (const name of names) {
    const lookup = dns.lookup(name, { all: true, family: 4 }).then(
      (r) => r.map((a) => a.address),
      () => [] as Array<string>,
    );
    const ips = await Promise.race([
      lookup,
      new Promise<Array<string>>((resolve) => setTimeout(() => resolve([]), timeoutMs)),
    ]);
    if (ips.length > 0) return ips;
  }
  return [];
}
