/**
 * The Kubernetes membership lab: four identity-server pods behind the service `wso2is` (namespace wso2)
 * and the lab's kube-apiserver stand-in (ADR 0027). The learner writes the [clustering.properties] of the
 * kubernetes scheme, grants the pods' service account get/list on endpoints in rbac.yaml, switches pod3 to
 * DNS discovery through the headless service, and the checks read the API server's audit lines, each
 * pod's cluster view and a scale-up drill (pod4 leaves and comes back: it must join through the endpoints).
 */
import path from "node:path";
import { readFile } from "node:fs/promises";
import { defineCheck, fail, pass } from "@/lib/grading";
import {
  authorize,
  configFile,
  createDrill,
  describeKubeAudit,
  describeView,
  findLogLinesIn,
  pollUntil,
  parseRbac,
  readKubeAudit,
  readNodeConfig,
  RbacError,
  waitForAgreement,
  type KubeAuditEntry,
  type NodeConfig,
} from "@/lib/grading/probes";
import { defineLab, type LabCheckContext } from "@/lib/labs";

const PODS = ["pod1", "pod2", "pod3", "pod4"] as const;
const API_PODS = ["pod1", "pod2", "pod4"] as const;
const DNS_POD = "pod3";
const NAMESPACE = "wso2";
const SERVICE = "wso2is";
const HEADLESS = "wso2is-headless";
const API = "kube-apiserver";
const SERVICE_ACCOUNT = "wso2svc-account";
const USER = `system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`;
/** Must equal the token in the workspace's kube-apiserver/cluster.json (the API server's token table). */
const TOKEN = "clusterlab-token-wso2svc-account-7f3a9c21";
const README = "labs/kubernetes/README.mdx";

function prop(nc: NodeConfig, key: string): string | null {
  const value = nc.config.clustering.properties[key] ?? nc.config.clustering.parameters[key];
  return value === undefined || value.trim() === "" ? null : value.trim();
}

function services(nc: NodeConfig): Array<string> {
  return (prop(nc, "KUBERNETES_SERVICES") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function usesApi(nc: NodeConfig): boolean {
  return (prop(nc, "USE_DNS") ?? "true").toLowerCase() === "false";
}

function podAddress(ctx: LabCheckContext, pod: string): string {
  return ctx.cluster.nodes[pod]?.address ?? "";
}

const rbacGrants = defineCheck<LabCheckContext>({
  id: "rbac-endpoints",
  title: "rbac.yaml lets the pods' service account get and list endpoints in namespace wso2",
  points: 2,
  hint: {
    nudge:
      "Ask the API server what it answered: `lab logs kubernetes kube-apiserver` shows one kube-audit line per call, with its code.",
    lesson: `${README}, step 2: the membership scheme reads GET /api/v1/namespaces/wso2/endpoints/<service>; RBAC must grant the verbs get and list on endpoints (facts §6).`,
    fix: 'In kube-apiserver/rbac.yaml give the Role endpoints-reader `verbs: ["get", "list"]` on resources ["endpoints"], then `lab down kubernetes` and `lab up kubernetes`.',
  },
  async run(ctx) {
    const file = path.join(ctx.workspace, API, "rbac.yaml");
    const expected = `${USER} may get and list endpoints in namespace ${NAMESPACE}`;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return fail(expected, `${API}/rbac.yaml is missing from the workspace`);
    }
    let denied: Array<string>;
    try {
      const policy = parseRbac(text, `${API}/rbac.yaml`, NAMESPACE);
      denied = ["get", "list"].filter(
        (verb) =>
          !authorize(policy, {
            user: USER,
            verb,
            apiGroup: "",
            resource: "endpoints",
            namespace: NAMESPACE,
            name: verb === "get" ? SERVICE : null,
          }),
      );
    } catch (error) {
      if (error instanceof RbacError) return fail(expected, error.message);
      throw error;
    }
    // When the policy denies, the pods' refused calls are the evidence; a just-started pod may still be calling.
    const audit =
      denied.length === 0
        ? await readKubeAudit(ctx.logTail, API)
        : (
            await pollUntil(
              () => readKubeAudit(ctx.logTail, API),
              (a) => a.some((e) => e.code === 403),
              { timeoutMs: 5_000, intervalMs: 500, signal: ctx.signal },
            )
          ).value;
    const forbidden = audit
      .filter((e) => e.code === 403)
      .slice(-3)
      .map(describeKubeAudit);
    if (denied.length === 0)
      return pass(
        expected,
        `rbac.yaml grants get and list on endpoints to ${SERVICE_ACCOUNT}`,
        forbidden.length > 0 ? forbidden : undefined,
      );
    return fail(
      expected,
      `rbac.yaml does not grant ${denied.join(" and ")} on endpoints to ${SERVICE_ACCOUNT}: the API server answers 403 Forbidden${forbidden.length > 0 ? " (see its audit lines)" : ""}`,
      forbidden,
    );
  },
});

const apiModeConfig = defineCheck<LabCheckContext>({
  id: "api-mode-config",
  title: "pod1, pod2 and pod4 read their members from the Kubernetes API (namespace, service, USE_DNS=false)",
  points: 2,
  hint: {
    nudge: "DNS lookup is the scheme's default; which property switches it to the Kubernetes API?",
    lesson: `${README}, step 1: KUBERNETES_NAMESPACE, KUBERNETES_SERVICES and USE_DNS under [clustering.properties] (facts §6).`,
    fix: `Under [clustering.properties] of pod1, pod2 and pod4 set KUBERNETES_NAMESPACE = "${NAMESPACE}", KUBERNETES_SERVICES = "${SERVICE}" and USE_DNS = "false".`,
  },
  async run(ctx) {
    const configs = await Promise.all(API_PODS.map((pod) => readNodeConfig(ctx.workspace, pod)));
    const problems: Array<string> = [];
    for (const nc of configs) {
      const c = nc.config.clustering;
      if (!c.enabled || c.scheme !== "kubernetes") problems.push(`${configFile(nc)}: scheme ${c.scheme ?? "(none)"}`);
      if (prop(nc, "KUBERNETES_NAMESPACE") !== NAMESPACE)
        problems.push(`${configFile(nc)}: KUBERNETES_NAMESPACE ${prop(nc, "KUBERNETES_NAMESPACE") ?? "(not set)"}`);
      if (!services(nc).includes(SERVICE))
        problems.push(`${configFile(nc)}: KUBERNETES_SERVICES ${prop(nc, "KUBERNETES_SERVICES") ?? "(not set)"}`);
      if (!usesApi(nc))
        problems.push(`${configFile(nc)}: USE_DNS ${prop(nc, "USE_DNS") ?? "(not set: DNS is the default)"}`);
    }
    const expected = `scheme kubernetes, KUBERNETES_NAMESPACE ${NAMESPACE}, KUBERNETES_SERVICES ${SERVICE}, USE_DNS false on ${API_PODS.join(", ")}`;
    return problems.length === 0
      ? pass(expected, "all three pods are set up for the API")
      : fail(expected, problems.join("; "));
  },
});

const apiCallsAuthorised = defineCheck<LabCheckContext>({
  id: "api-calls-authorised",
  title: "The API server saw each API-mode pod read the endpoints, and allowed it",
  points: 2,
  requires: ["rbac-endpoints", "api-mode-config"],
  hint: {
    nudge:
      "Every call is a kube-audit line in `lab logs kubernetes kube-apiserver`: who called, which verb, which code.",
    lesson: `${README}, step 3: the pods call with their service-account token; 401 means no token, 403 a missing RBAC verb.`,
    fix: "Fix rbac.yaml and the pods' [clustering.properties] as above, then `lab down kubernetes` and `lab up kubernetes`.",
  },
  async run(ctx) {
    const expected = `GET endpoints/${SERVICE} in ${NAMESPACE} by ${USER} answered 200 for ${API_PODS.join(", ")}`;
    const missingIn = (audit: Array<KubeAuditEntry>) =>
      API_PODS.filter(
        (pod) =>
          !audit.some(
            (e) =>
              e.sourceIp === podAddress(ctx, pod) &&
              e.user === USER &&
              e.verb === "get" &&
              e.name === SERVICE &&
              e.code === 200,
          ),
      );
    // A pod reads the endpoints while it starts; give a just-started cluster a few seconds to have called.
    const polled = await pollUntil(
      () => readKubeAudit(ctx.logTail, API),
      (audit) => missingIn(audit).length === 0,
      { timeoutMs: 10_000, intervalMs: 500, signal: ctx.signal },
    );
    const audit = polled.value;
    const missing = missingIn(audit);
    const recent = audit.slice(-4).map(describeKubeAudit);
    if (missing.length === 0)
      return pass(
        expected,
        `${audit.filter((e) => e.code === 200).length} authorised call(s) from ${API_PODS.join(", ")}`,
        recent,
      );
    return fail(
      expected,
      `no authorised endpoints read from ${missing.join(", ")} (${audit.length} call(s) audited, ${audit.filter((e) => e.code === 403).length} forbidden)`,
      recent,
    );
  },
});

const oneCluster = defineCheck<LabCheckContext>({
  id: "one-cluster",
  title: "All four pods form one cluster",
  points: 3,
  timeoutMs: 45_000,
  hint: {
    nudge:
      "Compare `/carbon/cluster` of the pods (ports from `lab status kubernetes`) and read a pod's log for the KubernetesMembershipScheme lines.",
    lesson: `${README}, step 3: the scheme joins every address the endpoints (or the headless service) list, on local_member_port.`,
    fix: "Get the API calls authorised first (rbac.yaml, USE_DNS=false), then restart the lab.",
  },
  async run(ctx) {
    const result = await waitForAgreement(ctx, PODS, { timeoutMs: 30_000, intervalMs: 500 });
    const observed = result.value.map(describeView).join("; ");
    const expected = `every pod joined, listing ${PODS.join(", ")}, with one coordinator`;
    if (result.satisfied) return pass(expected, `${observed} (agreed after ${(result.elapsedMs / 1000).toFixed(1)} s)`);
    const log = await findLogLinesIn(
      ctx.logTail,
      PODS,
      /KubernetesMembershipScheme|Member joined|endpoints|DNS lookup/,
      4,
    );
    return fail(expected, `after ${(result.elapsedMs / 1000).toFixed(0)} s: ${observed}`, log);
  },
});

const dnsMode = defineCheck<LabCheckContext>({
  id: "dns-mode",
  title: "pod3 finds the cluster by DNS through the headless service, without calling the API",
  points: 2,
  requires: ["one-cluster"],
  hint: {
    nudge:
      "In DNS mode a pod never calls the API server: what name must it look up so that every pod's address comes back?",
    lesson: `${README}, step 4: DNS mode needs a headless service (no cluster IP), whose name resolves to every ready pod (facts §6).`,
    fix: `In pod3's [clustering.properties] set KUBERNETES_SERVICES = "${HEADLESS}" and USE_DNS = "true" (or remove USE_DNS), then \`lab down kubernetes\` and \`lab up kubernetes\`.`,
  },
  async run(ctx) {
    const nc = await readNodeConfig(ctx.workspace, DNS_POD);
    const expected = `${DNS_POD} uses USE_DNS=true with the headless service ${HEADLESS}, is in the cluster, and made no API call`;
    const problems: Array<string> = [];
    if (usesApi(nc)) problems.push(`${configFile(nc)} has USE_DNS=false (API mode)`);
    if (!services(nc).includes(HEADLESS))
      problems.push(
        `${configFile(nc)} looks up ${prop(nc, "KUBERNETES_SERVICES") ?? "(no service)"}, not the headless service ${HEADLESS}`,
      );
    const calls = (await readKubeAudit(ctx.logTail, API)).filter((e) => e.sourceIp === podAddress(ctx, DNS_POD));
    if (calls.length > 0) problems.push(`${DNS_POD} called the API ${calls.length} time(s)`);
    const log = await findLogLinesIn(ctx.logTail, [DNS_POD], /DNS lookup of|Kubernetes API/, 2);
    return problems.length === 0
      ? pass(expected, `${DNS_POD} joined by DNS (it is in the agreed view of the previous check)`, log)
      : fail(expected, problems.join("; "), log);
  },
});

const drillScaleUp = defineCheck<LabCheckContext>({
  id: "drill-scale-up",
  title: "Drill: the Deployment scales from 3 to 4 pods; the new pod joins through the endpoints",
  points: 3,
  requires: ["one-cluster", "api-calls-authorised"],
  timeoutMs: 60_000,
  hint: {
    nudge: "A new pod knows nobody: it must find its peers from the endpoints of the service.",
    lesson: `${README}, step 5: a scaled-up pod appears in the service's endpoints once it runs; it reads them and joins.`,
    fix: "pod4 must be in API mode with the right service (api-mode-config) and RBAC must allow get (rbac-endpoints).",
  },
  async run(ctx) {
    const drill = createDrill(ctx.cluster, ctx.signal);
    const three = PODS.filter((p) => p !== "pod4");
    const expected =
      "with pod4 stopped the other three agree; started again (scale to 4), pod4 reads the endpoints and all four agree";
    try {
      await drill.stop("pod4");
      const before = await waitForAgreement(ctx, three, { timeoutMs: 15_000, intervalMs: 250 });
      if (!before.satisfied)
        return fail(expected, `after stopping pod4: ${before.value.map(describeView).join("; ")}`, drill.journal);
      drill.journal.push(`${three.join(", ")} agree without pod4 after ${(before.elapsedMs / 1000).toFixed(1)} s`);
      const startedAt = new Date().toISOString();
      await drill.start("pod4");
      const after = await waitForAgreement(ctx, PODS, { timeoutMs: 25_000, intervalMs: 250 });
      const reads = (await readKubeAudit(ctx.logTail, API)).filter(
        (e) => e.at >= startedAt && e.sourceIp === podAddress(ctx, "pod4") && e.verb === "get" && e.code === 200,
      );
      const observed = after.value.map(describeView).join("; ");
      if (!after.satisfied) return fail(expected, `after starting pod4: ${observed}`, drill.journal);
      if (reads.length === 0)
        return fail(
          expected,
          `${observed}, but the API server saw no authorised endpoints read from the new pod4`,
          drill.journal,
        );
      return pass(expected, `${observed} (agreed ${(after.elapsedMs / 1000).toFixed(1)} s after the start)`, [
        ...drill.journal,
        ...reads.slice(0, 1).map(describeKubeAudit),
      ]);
    } finally {
      await drill.restore({ waitReady: true });
    }
  },
});

const podFiles = [
  // What Kubernetes mounts into every pod of a service account (the projected service-account volume).
  { path: "/var/run/secrets/kubernetes.io/serviceaccount/token", content: TOKEN },
  { path: "/var/run/secrets/kubernetes.io/serviceaccount/namespace", content: NAMESPACE },
];

export const kubernetesLab = defineLab({
  id: "kubernetes",
  title: "Kubernetes membership: endpoints, RBAC and DNS",
  summary:
    "Four pods find each other through the Kubernetes API (with RBAC) and through a headless service's DNS name, and a scaled-up pod joins.",
  technique: "endpoints",
  lessons: [{ title: "Module 06: membership schemes (Kubernetes)", href: "/labs/kubernetes" }],
  topology: {
    nodes: [
      { name: API, role: "kube-apiserver" as const, memoryMb: 128 },
      ...PODS.map((name) => ({
        name,
        role: "carbon" as const,
        memoryMb: 256,
        // What the kubelet puts in every pod's environment for the API server.
        env: { KUBERNETES_SERVICE_HOST: API, KUBERNETES_SERVICE_PORT: "6443", KUBERNETES_SERVICE_PORT_HTTPS: "6443" },
        files: podFiles,
        serviceAliases: [HEADLESS, `${HEADLESS}.${NAMESPACE}.svc.cluster.local`],
      })),
    ],
  },
  runtimes: ["docker"],
  // The starter leaves KUBERNETES_SERVICES out on purpose (step 1); API mode without KUBERNETES_API_SERVER is how pods run.
  lint: { ignore: ["kubernetes-services-missing", "kubernetes-api-server-unset", "shared-datasource-local-h2"] },
  checks: [rbacGrants, apiModeConfig, oneCluster, apiCallsAuthorised, dnsMode, drillScaleUp],
});
