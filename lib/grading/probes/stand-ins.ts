/**
 * What graders read from the cloud stand-ins (ADR 0027): their per-call log lines (`kube-audit {json}`,
 * `ec2-call {json}`), parsed and validated, and the same RBAC / IAM evaluation the stand-ins enforce, so a
 * static check of rbac.yaml or iam-policy.json agrees with what the running API server will answer.
 */
import { z } from "zod";
import type { LogSource } from "./logs";
import { EC2_API_VERSION } from "@/lib/carbon-node/aws-discovery";
import { signQueryRequest } from "@/lib/carbon-node/sigv4";

export { parseRbac, authorize, RbacError, type RbacPolicy } from "@/lib/carbon-node/stand-ins/rbac";
export {
  parseIamPolicy,
  isActionAllowed,
  IamPolicyError,
  type IamPolicy,
} from "@/lib/carbon-node/stand-ins/iam-policy";

const kubeAuditSchema = z.object({
  at: z.string(),
  sourceIp: z.string(),
  user: z.string().nullable(),
  verb: z.string(),
  resource: z.string(),
  namespace: z.string().nullable(),
  name: z.string().nullable(),
  code: z.number(),
  reason: z.string().nullable(),
  addresses: z.array(z.string()),
});
export type KubeAuditEntry = z.infer<typeof kubeAuditSchema>;

const ec2CallSchema = z.object({
  at: z.string(),
  sourceIp: z.string(),
  action: z.string(),
  region: z.string().nullable(),
  user: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  filters: z.record(z.string(), z.array(z.string())),
  status: z.number(),
  code: z.string().nullable(),
  instanceIds: z.array(z.string()),
});
export type Ec2CallEntry = z.infer<typeof ec2CallSchema>;

function parseTagged<T>(lines: ReadonlyArray<string>, tag: string, schema: z.ZodType<T>): Array<T> {
  const out: Array<T> = [];
  for (const line of lines) {
    const at = line.indexOf(`${tag} {`);
    if (at < 0) continue;
    try {
      const parsed = schema.safeParse(JSON.parse(line.slice(at + tag.length + 1)));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // A truncated line at the edge of the tail: skip it.
    }
  }
  return out;
}

export async function readKubeAudit(logTail: LogSource, node: string, lines = 2000): Promise<Array<KubeAuditEntry>> {
  return parseTagged(await logTail(node, lines), "kube-audit", kubeAuditSchema);
}

export async function readEc2Calls(logTail: LogSource, node: string, lines = 2000): Promise<Array<Ec2CallEntry>> {
  return parseTagged(await logTail(node, lines), "ec2-call", ec2CallSchema);
}

/** One audit entry as a short evidence line. */
export function describeKubeAudit(e: KubeAuditEntry): string {
  return `${e.at} ${e.sourceIp} ${e.user ?? "(anonymous)"} ${e.verb} endpoints${e.name ? `/${e.name}` : ""} in ${e.namespace ?? "?"} -> ${e.code}${e.reason ? ` ${e.reason}` : ""}${e.addresses.length > 0 ? ` [${e.addresses.join(", ")}]` : ""}`;
}

export function describeEc2Call(c: Ec2CallEntry): string {
  const filters = Object.entries(c.filters)
    .map(([k, v]) => `${k}=${v.join("|")}`)
    .join(", ");
  return `${c.at} ${c.sourceIp} ${c.action} as ${c.user ?? c.accessKeyId ?? "(unsigned)"} in ${c.region ?? "?"} (${filters}) -> ${c.status}${c.code ? ` ${c.code}` : ""}${c.instanceIds.length > 0 ? ` [${c.instanceIds.join(", ")}]` : ""}`;
}

/**
 * Terminate an instance through the ec2 stand-in's Query API, signed with the lab's grader key (as the
 * AWS console or CLI would): the drill's way to take an instance out of DescribeInstances answers.
 */
export async function terminateEc2Instance(
  baseUrl: string,
  instanceId: string,
  credentials: { accessKeyId: string; secretAccessKey: string; region: string },
  signal?: AbortSignal,
): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  const query: Array<[string, string]> = [
    ["Action", "TerminateInstances"],
    ["Version", EC2_API_VERSION],
    ["InstanceId.1", instanceId],
  ];
  const headers = signQueryRequest({
    host: url.host,
    query,
    region: credentials.region,
    service: "ec2",
    accessKey: credentials.accessKeyId,
    secretKey: credentials.secretAccessKey,
    date: new Date(),
  });
  const response = await fetch(`${url.origin}/?${new URLSearchParams(query).toString()}`, {
    headers,
    signal: signal ?? AbortSignal.timeout(5000),
  });
  return { status: response.status, body: await response.text() };
}
