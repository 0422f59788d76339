/**
 * The `ec2` stand-in: just enough of Amazon EC2's Query API for the AWS membership scheme to be practised
 * offline (ADR 0027). It serves `DescribeInstances` (filters tag:<key>, tag-key, tag-value, instance.group-name,
 * group-name, instance.group-id, group-id, instance-state-name, instance-id; values with `*`) and
 * `TerminateInstances` for the lab's instances, answering in EC2's XML shapes. Every call must be SigV4
 * signed by a known access key with a matching signature (else AuthFailure, 401), for a known region, and
 * the key's IAM policy must allow the action (else UnauthorizedOperation, 403). Each call is logged as one
 * `ec2-call {json}` line, which graders read.
 *
 * Instances are the lab's nodes: their private IP is whatever the node's host name resolves to at call
 * time on the lab network, so it is the address the node really has.
 */
import { randomUUID } from "node:crypto";
import dns from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import { z } from "zod";
import { parseAuthorization, verifySignature } from "../sigv4";
import { isActionAllowed, type IamPolicy } from "./iam-policy";
import { listenStandIn } from "./listen";

export const ec2InstanceSchema = z.object({
  instanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, "instance ids look like i-0123456789abcdef0"),
  /** The node's host name on the lab network (or an IP literal in tests). */
  host: z.string().min(1),
  region: z.string().min(1),
  availabilityZone: z.string().min(1),
  securityGroups: z
    .array(z.object({ groupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/), groupName: z.string().min(1) }))
    .min(1),
  tags: z.record(z.string(), z.string()).default({}),
});
export type Ec2Instance = z.infer<typeof ec2InstanceSchema>;

export type Ec2User = { name: string; accessKeyId: string; secretAccessKey: string; policy: IamPolicy };
export type Ec2StandInConfig = { regions: Array<string>; instances: Array<Ec2Instance>; users: Array<Ec2User> };

export type Ec2Call = {
  at: string;
  /** The caller's address (an instance's private IP on the lab network). */
  sourceIp: string;
  action: string;
  region: string | null;
  user: string | null;
  accessKeyId: string | null;
  filters: Record<string, Array<string>>;
  status: number;
  code: string | null;
  instanceIds: Array<string>;
};

export const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const SUPPORTED_FILTERS = [
  "tag-key",
  "tag-value",
  "instance.group-name",
  "group-name",
  "instance.group-id",
  "group-id",
  "instance-state-name",
  "instance-id",
];

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

function globMatch(pattern: string, value: string): boolean {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);
}

/** `Filter.N.Name` / `Filter.N.Value.M` -> { name: [values] }. */
export function readFilters(params: URLSearchParams): Record<string, Array<string>> {
  const filters: Record<string, Array<string>> = {};
  for (const [key, name] of params) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (m === null) continue;
    const values: Array<string> = [];
    for (const [k, v] of params) if (k.startsWith(`Filter.${m[1]}.Value.`)) values.push(v);
    filters[name] = [...(filters[name] ?? []), ...values];
  }
  return filters;
}

type State = "running" | "shutting-down" | "terminated";
const STATE_CODES: Record<State, number> = { running: 16, "shutting-down": 32, terminated: 48 };

function matchesFilters(instance: Ec2Instance, state: State, filters: Record<string, Array<string>>): boolean {
  return Object.entries(filters).every(([name, values]) => {
    const any = (candidates: Array<string>) => values.some((v) => candidates.some((c) => globMatch(v, c)));
    if (name.startsWith("tag:")) {
      const tag = instance.tags[name.slice(4)];
      return tag !== undefined && any([tag]);
    }
    switch (name) {
      case "tag-key":
        return any(Object.keys(instance.tags));
      case "tag-value":
        return any(Object.values(instance.tags));
      case "instance.group-name":
      case "group-name":
        return any(instance.securityGroups.map((g) => g.groupName));
      case "instance.group-id":
      case "group-id":
        return any(instance.securityGroups.map((g) => g.groupId));
      case "instance-state-name":
        return any([state]);
      case "instance-id":
        return any([instance.instanceId]);
      default:
        return false;
    }
  });
}

async function privateIpOf(host: string): Promise<string | null> {
  if (net.isIPv4(host)) return host;
  try {
    return (await dns.lookup(host, { family: 4 })).address;
  } catch {
    return null;
  }
}

async function instanceXml(instance: Ec2Instance, state: State): Promise<string> {
  const ip = state === "running" ? await privateIpOf(instance.host) : null;
  const groups = instance.securityGroups
    .map((g) => `<item><groupId>${g.groupId}</groupId><groupName>${escapeXml(g.groupName)}</groupName></item>`)
    .join("");
  const tags = Object.entries(instance.tags)
    .map(([k, v]) => `<item><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></item>`)
    .join("");
  return (
    `<item><instanceId>${instance.instanceId}</instanceId><imageId>ami-0clusterlab0000000</imageId>` +
    `<instanceState><code>${STATE_CODES[state]}</code><name>${state}</name></instanceState>` +
    `<privateDnsName>${ip === null ? "" : `ip-${ip.replace(/\./g, "-")}.${instance.region}.compute.internal`}</privateDnsName>` +
    `<instanceType>t3.medium</instanceType><placement><availabilityZone>${instance.availabilityZone}</availabilityZone></placement>` +
    (ip === null ? "" : `<privateIpAddress>${ip}</privateIpAddress>`) +
    `<groupSet>${groups}</groupSet><tagSet>${tags}</tagSet></item>`
  );
}

export type Ec2StandIn = { readonly port: number; calls(): Array<Ec2Call>; close(): Promise<void> };

export async function startEc2StandIn(
  config: Ec2StandInConfig,
  options: { host?: string; port?: number; log?: (line: string) => void } = {},
): Promise<Ec2StandIn> {
  const states = new Map<string, State>(config.instances.map((i) => [i.instanceId, "running" as State]));
  const calls: Array<Ec2Call> = [];
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));

  async function handle(req: http.IncomingMessage): Promise<{ status: number; body: string; call: Ec2Call }> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://ec2.local");
    const params = url.searchParams;
    const action = params.get("Action") ?? "";
    const filters = readFilters(params);
    const call: Ec2Call = {
      at: new Date().toISOString(),
      sourceIp: (req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
      action,
      region: null,
      user: null,
      accessKeyId: null,
      filters,
      status: 200,
      code: null,
      instanceIds: [],
    };
    const failWith = (status: number, code: string, message: string) => {
      call.status = status;
      call.code = code;
      return { status, body: ec2ErrorXml(code, message, requestId), call };
    };
    const auth = parseAuthorization(req.headers.authorization);
    if (auth === null)
      return failWith(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    call.accessKeyId = auth.accessKey;
    call.region = auth.region;
    const user = config.users.find((u) => u.accessKeyId === auth.accessKey);
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const query = [...params].map(([k, v]) => [k, v] as [string, string]);
    if (
      user === undefined ||
      !verifySignature(auth, { host: req.headers.host ?? "", query, amzDate }, user.secretAccessKey)
    ) {
      return failWith(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    }
    call.user = user.name;
    if (auth.service !== "ec2" || !config.regions.includes(auth.region))
      return failWith(401, "AuthFailure", "Credential should be scoped to a valid region.");
    if (action !== "DescribeInstances" && action !== "TerminateInstances")
      return failWith(400, "InvalidAction", `The action ${action || "(none)"} is not valid for this web service.`);
    if (!isActionAllowed(user.policy, `ec2:${action}`))
      return failWith(403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
    const unknown = Object.keys(filters).find((name) => !name.startsWith("tag:") && !SUPPORTED_FILTERS.includes(name));
    if (unknown !== undefined) return failWith(400, "InvalidParameterValue", `The filter '${unknown}' is invalid`);

    if (action === "TerminateInstances") {
      const ids = [...params].filter(([k]) => /^InstanceId\.\d+$/.test(k)).map(([, v]) => v);
      const missing = ids.find((id) => !states.has(id));
      if (missing !== undefined || ids.length === 0)
        return failWith(400, "InvalidInstanceID.NotFound", `The instance ID '${missing ?? ""}' does not exist`);
      const items = ids.map((id) => {
        const previous = states.get(id) ?? "running";
        states.set(id, "terminated");
        return `<item><instanceId>${id}</instanceId><currentState><code>48</code><name>terminated</name></currentState><previousState><code>${STATE_CODES[previous]}</code><name>${previous}</name></previousState></item>`;
      });
      call.instanceIds = ids;
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<TerminateInstancesResponse xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId><instancesSet>${items.join("")}</instancesSet></TerminateInstancesResponse>`,
        call,
      };
    }

    const selected = config.instances.filter(
      (i) => i.region === auth.region && matchesFilters(i, states.get(i.instanceId) ?? "running", filters),
    );
    call.instanceIds = selected.map((i) => i.instanceId);
    const items = await Promise.all(selected.map((i) => instanceXml(i, states.get(i.instanceId) ?? "running")));
    // One reservation per instance, as instances launched one by one have.
    const reservations = items.map(
      (item, n) =>
        `<item><reservationId>r-${(n + 1).toString(16).padStart(17, "0")}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${item}</instancesSet></item>`,
    );
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId><reservationSet>${reservations.join("")}</reservationSet></DescribeInstancesResponse>`,
      call,
    };
  }

  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    if ((req.url ?? "") === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    handle(req).then(
      ({ status, body, call }) => {
        calls.push(call);
        if (calls.length > 5000) calls.splice(0, calls.length - 5000);
        log(`ec2-call ${JSON.stringify(call)}`);
        res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" }).end(body);
      },
      (error: unknown) => {
        log(`ec2-error ${(error as Error).message}`);
        res
          .writeHead(500, { "content-type": "text/xml;charset=UTF-8" })
          .end(ec2ErrorXml("InternalError", "An internal error has occurred.", randomUUID()));
      },
    );
  });
  return { ...(await listenStandIn(server, options)), calls: () => [...calls] };
}
