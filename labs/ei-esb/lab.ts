/**
 * Enterprise Integrator 6.5, ESB profile (facts §9): two ESB nodes that are WKA members of wso2.ei.domain
 * (conf/axis2/axis2.xml: EI keeps its configuration under conf/), one artifact set on a shared
 * repository/deployment/server, and a round-robin nginx on the pass-through port 8280 (facts §8).
 * The nodes run the training node's ESB profile model (ADR 0030): a tiny Synapse API subset, hot-deployed
 * from synapse-configs/default/api. The checks deploy through one node's deployment folder and ask both
 * nodes and nginx, so artifact sync is graded on behaviour.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { defineCheck, fail, pass } from "@/lib/grading";
import {
  createDrill,
  describeTally,
  describeView,
  findLogLines,
  findLogLinesIn,
  pollUntil,
  readNodeConfig,
  readViews,
  runTag,
  tallyThroughLb,
  waitForAgreement,
  wkaList,
} from "@/lib/grading/probes";
import { defineLab, type LabCheckContext } from "@/lib/labs";

const NODES = ["node1", "node2"] as const;
const README = "labs/ei-esb/README.mdx";
const DOMAIN = "wso2.ei.domain";
/** The pass-through HTTP port (facts §8) on the nodes and on nginx. */
const PASS_THROUGH = 8280;
/** The Synapse API folder, relative to repository/deployment/server (the artifacts API's root). */
const API_DIR = "synapse-configs/default/api";
const HOME = "/opt/clusterlab/carbon";
/**
 * Where the learner's API lives in the workspace (README, step 3): in node1's home but outside the shared
 * deployment folder (a workspace file under a mount point would be hidden by the mount), ready to deploy.
 */
const LEARNER_API = "node1/HelloAPI.xml";
/** The nodes poll their API folder every second; a deployment shows up well within this. */
const HOT_DEPLOY_MS = 10_000;

type Http = LabCheckContext["http"];

function describeHttp(res: Awaited<ReturnType<Http>>): string {
  return res.ok ? `HTTP ${res.status} ${res.body.slice(0, 200)}` : res.error;
}

/** A grader's own API: one context per run so repeated checks never meet an earlier run's artifact. */
function probeApi(tag: string): { file: string; context: string; xml: string } {
  const context = `/clusterlab-${tag}`;
  const xml = `<api xmlns="http://ws.apache.org/ns/synapse" name="ClusterLabProbe_${tag}" context="${context}">
  <resource methods="GET" uri-template="/{who}">
    <inSequence>
      <payloadFactory media-type="json"><format>{"probe":"$1"}</format><args><arg expression="$ctx:uri.var.who"/></args></payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>
`;
  return { file: `CLUSTERLAB_${tag.toUpperCase()}.xml`, context, xml };
}

/** Deploy into `node`'s API folder through the node's deployment route (what copying the file there does). */
async function deploy(ctx: LabCheckContext, node: string, file: string, content: string): Promise<string | null> {
  const res = await ctx.http(node, `/api/artifacts/${API_DIR}/${file}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content }),
  });
  return res.ok && res.status === 200 ? null : `deploying ${file} on ${node}: ${describeHttp(res)}`;
}

async function undeploy(ctx: LabCheckContext, node: string, file: string): Promise<void> {
  await ctx.http(node, `/api/artifacts/${API_DIR}/${file}`, { method: "DELETE" });
}

/** Poll `node`'s pass-through port until `urlPath` answers 200 (the API is deployed there). */
async function waitServes(ctx: LabCheckContext, node: string, urlPath: string, timeoutMs = HOT_DEPLOY_MS) {
  return pollUntil(
    () => ctx.http(node, urlPath, { port: PASS_THROUGH, timeoutMs: 3_000 }),
    (r) => r.ok && r.status === 200,
    { timeoutMs, intervalMs: 500, signal: ctx.signal },
  );
}

function mountsOf(ctx: LabCheckContext): string {
  return NODES.map((node) => {
    const mounts = ctx.cluster.nodes[node]?.mounts ?? [];
    return `${node} mounts ${mounts.length ? mounts.map((m) => `nfs:/${m.share} on ${m.path.replace(`${HOME}/`, "")}`).join(", ") : "no share"}`;
  }).join("; ");
}

const wkaCluster = defineCheck<LabCheckContext>({
  id: "wka-cluster",
  title: "Both ESB nodes are WKA members of one cluster in wso2.ei.domain",
  points: 3,
  timeoutMs: 45_000,
  hint: {
    nudge: "Ask each node what it sees: /carbon/cluster on its servlet port. Is clustering even on?",
    lesson: `${README}, step 1: EI 6.5 reads conf/axis2/axis2.xml; clustering needs enable="true", membershipScheme wka, one domain and both nodes as members (facts §9).`,
    fix: 'In node1/conf/axis2/axis2.xml and node2/conf/axis2/axis2.xml: <clustering ... enable="true">, and <members> with node1:4000 and node2:4000; then `lab down ei-esb` and `lab up ei-esb`.',
  },
  async run(ctx) {
    const problems: Array<string> = [];
    for (const node of NODES) {
      const { config } = await readNodeConfig(ctx.workspace, node);
      const list = wkaList(config);
      if (!config.clustering.enabled) problems.push(`${node}: clustering disabled in conf/axis2/axis2.xml`);
      if (config.clustering.scheme !== "wka") problems.push(`${node}: scheme ${config.clustering.scheme ?? "none"}`);
      if (config.clustering.domain !== DOMAIN) problems.push(`${node}: domain ${config.clustering.domain}`);
      for (const member of NODES)
        if (!list.includes(`${member}:4000`))
          problems.push(`${node} does not list ${member}:4000 (lists [${list.join(", ")}])`);
    }
    const views =
      problems.length === 0
        ? await waitForAgreement(ctx, NODES, { timeoutMs: 25_000, intervalMs: 500 })
        : { satisfied: false, value: await readViews(ctx, NODES) };
    if (!views.satisfied) problems.push(`cluster: ${views.value.map(describeView).join("; ")}`);
    const expected = `both nodes enable WKA clustering in ${DOMAIN}, list node1:4000 and node2:4000, and see each other`;
    if (problems.length === 0) return pass(expected, views.value.map(describeView).join("; "));
    return fail(
      expected,
      problems.join("; "),
      await findLogLinesIn(
        ctx.logTail,
        NODES,
        /Clustering has been disabled|Member joined|membership management scheme/,
        2,
      ),
    );
  },
});

const sharedDeployment = defineCheck<LabCheckContext>({
  id: "shared-deployment-folder",
  title: "An API deployed on node1 is hot-deployed on node2 (repository/deployment/server on the shared file system)",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge: "Deploy an API into node1's synapse-configs/default/api (README, step 2): does node2 serve it on 8280?",
    lesson: `${README}, step 2: the ESB profile's artifacts live in repository/deployment/server; the EI guide shares that folder (NFS) so every node deploys the same set (facts §7, §9).`,
    fix: `In node1/fstab and node2/fstab: \`nfs:/deployment ${HOME}/repository/deployment/server nfs defaults 0 0\`, then \`lab down ei-esb\` and \`lab up ei-esb\`.`,
  },
  async run(ctx) {
    const tag = runTag();
    const probe = probeApi(tag);
    const problem = await deploy(ctx, "node1", probe.file, probe.xml);
    if (problem) return fail("node1 deploys an API into its deployment folder", `${problem}; ${mountsOf(ctx)}`);
    try {
      const observed: Array<string> = [];
      let ok = true;
      for (const node of NODES) {
        const served = await waitServes(ctx, node, `${probe.context}/${node}`);
        if (!served.satisfied) ok = false;
        observed.push(
          served.satisfied
            ? `${node} serves ${probe.context} after ${(served.elapsedMs / 1000).toFixed(1)} s`
            : `${node} never served ${probe.context} in ${HOT_DEPLOY_MS / 1000} s (${describeHttp(served.value)})`,
        );
      }
      const expected = `an API deployed into node1's ${API_DIR} is served by node1 and node2 within ${HOT_DEPLOY_MS / 1000} s`;
      return ok
        ? pass(expected, `${observed.join("; ")}; ${mountsOf(ctx)}`)
        : fail(expected, `${observed.join("; ")}; ${mountsOf(ctx)}`);
    } finally {
      await undeploy(ctx, "node1", probe.file);
    }
  },
});

const helloApi = defineCheck<LabCheckContext>({
  id: "hello-api",
  title: "Your HelloAPI, deployed on node1, answers GET /hello/{name} on both nodes and through nginx",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge: `Deploy ${LEARNER_API} on node1 yourself (README, step 3) and read node1's log: did the API deploy?`,
    lesson: `${README}, step 3: an API with context /hello and one GET resource /{name} whose inSequence is a payloadFactory (media-type json) and respond.`,
    fix: `Give ${LEARNER_API} <resource methods="GET" uri-template="/{name}"> with <payloadFactory media-type="json"><format>{"hello":"$1"}</format><args><arg expression="$ctx:uri.var.name"/></args></payloadFactory><respond/> in its <inSequence>.`,
  },
  async run(ctx) {
    let xml: string;
    try {
      xml = await fs.readFile(path.join(ctx.workspace, LEARNER_API), "utf8");
    } catch (error) {
      return fail(`${LEARNER_API} in the workspace`, `cannot read ${LEARNER_API}: ${(error as Error).message}`);
    }
    const problem = await deploy(ctx, "node1", "HelloAPI.xml", xml);
    if (problem) return fail("node1 deploys HelloAPI.xml", problem);
    const name = `clusterlab${runTag()}`;
    const expectedBody = JSON.stringify({ hello: name });
    const observed: Array<string> = [];
    let ok = true;
    for (const node of NODES) {
      const served = await waitServes(ctx, node, `/hello/${name}`);
      const good = served.satisfied && served.value.ok && sameJson(served.value.body, expectedBody);
      if (!good) ok = false;
      observed.push(`${node}: ${describeHttp(served.value)}`);
    }
    const lb = await ctx.http("lb", `/hello/${name}`, { timeoutMs: 5_000 });
    if (!(lb.ok && lb.status === 200 && sameJson(lb.body, expectedBody))) ok = false;
    observed.push(`through nginx: ${describeHttp(lb)}`);
    const expected = `GET /hello/${name} answers ${expectedBody} on node1, node2 and through nginx`;
    if (ok) return pass(expected, observed.join("; "));
    return fail(
      expected,
      observed.join("; "),
      await findLogLines(ctx.logTail, "node1", /HelloAPI|API deployment failed/, 300),
    );
  },
});

function sameJson(text: string, expected: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === expected;
  } catch {
    return false;
  }
}

const roundRobin = defineCheck<LabCheckContext>({
  id: "round-robin",
  title: "nginx spreads API calls over both ESB nodes (round robin on 8280)",
  points: 2,
  timeoutMs: 30_000,
  hint: {
    nudge: "Call an API through nginx ten times and look at the X-Carbon-Node header of each answer.",
    lesson: `${README}, step 4: the EI guide's ei.http.conf is an upstream of every node's :8280, round robin by default (facts §8).`,
    fix: "In lb/nginx.conf, list both `server node1:8280` and `server node2:8280` in the ei_http upstream.",
  },
  async run(ctx) {
    const probe = probeApi(runTag());
    // Deployed on each node directly, so this check grades nginx alone, whatever the sharing.
    const problems = (await Promise.all(NODES.map((node) => deploy(ctx, node, probe.file, probe.xml)))).filter(
      (p): p is string => p !== null,
    );
    if (problems.length) return fail("both nodes deploy the probe API", problems.join("; "));
    try {
      const ready = await Promise.all(NODES.map((node) => waitServes(ctx, node, `${probe.context}/x`)));
      if (!ready.every((r) => r.satisfied))
        return fail(
          "both nodes serve the probe API",
          ready.map((r, i) => `${NODES[i]}: ${describeHttp(r.value)}`).join("; "),
        );
      const tally = await tallyThroughLb(`${ctx.url("lb")}${probe.context}/rr`, 10, { signal: ctx.signal });
      const expected = "10 calls through nginx, all answered, at least 3 by each node";
      const good = tally.failures.length === 0 && NODES.every((n) => (tally.byNode.get(n) ?? 0) >= 3);
      return good ? pass(expected, describeTally(tally, NODES)) : fail(expected, describeTally(tally, NODES));
    } finally {
      await Promise.all(NODES.map((node) => undeploy(ctx, node, probe.file)));
    }
  },
});

const malformed = defineCheck<LabCheckContext>({
  id: "malformed-artifact",
  title:
    "A malformed API in the shared folder is reported with its position by each node that reads it; APIs keep answering",
  points: 2,
  timeoutMs: 40_000,
  hint: {
    nudge: "Deploy a broken API on node1 and read both nodes' logs: who reports it, and where in the file?",
    lesson: `${README}, step 5: every node deploys the shared folder itself, so every node reports a broken artifact (file:line:column) and keeps serving the others.`,
    fix: `Share repository/deployment/server on both nodes (README, step 2): nfs:/deployment ${HOME}/repository/deployment/server in node1/fstab and node2/fstab.`,
  },
  async run(ctx) {
    const tag = runTag();
    const good = probeApi(tag);
    const broken = {
      file: `CLUSTERLAB_BROKEN_${tag.toUpperCase()}.xml`,
      xml: probeApi(`${tag}b`).xml.replace("</inSequence>", "</inSequenc>"),
    };
    const deployProblem =
      (await deploy(ctx, "node1", good.file, good.xml)) ?? (await deploy(ctx, "node1", broken.file, broken.xml));
    if (deployProblem) return fail("node1 deploys the probe APIs", deployProblem);
    try {
      const position = new RegExp(`API deployment failed: \\S*${broken.file.replace(/\./g, "\\.")}:\\d+:\\d+: `);
      const observed: Array<string> = [];
      const evidence: Array<string> = [];
      let ok = true;
      for (const node of NODES) {
        const reported = await pollUntil(
          () => findLogLines(ctx.logTail, node, position, 400),
          (lines) => lines.length > 0,
          { timeoutMs: HOT_DEPLOY_MS, intervalMs: 1_000, signal: ctx.signal },
        );
        const serves = await waitServes(ctx, node, `${good.context}/still`);
        if (!reported.satisfied || !serves.satisfied) ok = false;
        observed.push(
          `${node}: ${reported.satisfied ? "reports the broken file with line and column" : "no error about the broken file in its log"}, ${serves.satisfied ? "still serves the good API" : `good API: ${describeHttp(serves.value)}`}`,
        );
        evidence.push(...reported.value.slice(-1));
      }
      const lb = await tallyThroughLb(`${ctx.url("lb")}${good.context}/lb`, 4, { signal: ctx.signal });
      if (lb.failures.length > 0) ok = false;
      observed.push(`through nginx: ${describeTally(lb, NODES)}`);
      const expected =
        "node1 and node2 each log the broken file's file:line:column, and the good API keeps answering on both and through nginx";
      return ok
        ? pass(expected, observed.join("; "), evidence)
        : fail(expected, `${observed.join("; ")}; ${mountsOf(ctx)}`, evidence);
    } finally {
      await undeploy(ctx, "node1", broken.file);
      await undeploy(ctx, "node1", good.file);
    }
  },
});

const drill = defineCheck<LabCheckContext>({
  id: "drill-stop-node1",
  title: "Drill: stop node1 and the API keeps answering through nginx; node1 comes back behind nginx",
  points: 3,
  timeoutMs: 120_000,
  hint: {
    nudge: "Stop node1 (`lab node stop ei-esb node1`) and call the API through nginx: does every call succeed?",
    lesson: `${README}, step 6: with both nodes behind nginx, the surviving node serves every call; nginx retries a failed node on the next one.`,
    fix: "Keep both nodes in the ei_http upstream of lb/nginx.conf, with `proxy_next_upstream error timeout` and `proxy_connect_timeout 2s`.",
  },
  async run(ctx) {
    const probe = probeApi(runTag());
    const problems = (await Promise.all(NODES.map((node) => deploy(ctx, node, probe.file, probe.xml)))).filter(
      (p): p is string => p !== null,
    );
    if (problems.length) return fail("both nodes deploy the probe API", problems.join("; "));
    const lbUrl = `${ctx.url("lb")}${probe.context}/drill`;
    const faults = createDrill(ctx.cluster, ctx.signal);
    const observed: Array<string> = [];
    let ok = true;
    try {
      const ready = await Promise.all(NODES.map((node) => waitServes(ctx, node, `${probe.context}/x`)));
      if (!ready.every((r) => r.satisfied))
        return fail(
          "both nodes serve the probe API before the drill",
          ready.map((r, i) => `${NODES[i]}: ${describeHttp(r.value)}`).join("; "),
        );
      await faults.stop("node1");
      const tally = await tallyThroughLb(lbUrl, 10, { signal: ctx.signal, timeoutMs: 8_000 });
      if (tally.failures.length > 0 || tally.byNode.get("node2") !== 10) ok = false;
      observed.push(`node1 stopped: ${describeTally(tally, NODES)}`);
      await faults.start("node1");
      // node1 redeploys the API from its folder at start; nginx leaves it out for fail_timeout, then sends it calls again.
      const back = await pollUntil(
        () => tallyThroughLb(lbUrl, 4, { signal: ctx.signal }),
        (t) => t.byNode.has("node1") && t.failures.length === 0,
        { timeoutMs: 30_000, intervalMs: 1_000, signal: ctx.signal },
      );
      observed.push(
        back.satisfied
          ? `node1 back behind nginx after ${(back.elapsedMs / 1000).toFixed(1)} s`
          : `node1 restarted but nginx got no answer from it for 30 s (${describeTally(back.value, NODES)})`,
      );
      if (!back.satisfied) ok = false;
    } finally {
      await faults.restore();
      await Promise.all(NODES.map((node) => undeploy(ctx, node, probe.file)));
    }
    const expected =
      "with node1 stopped, 10 calls through nginx all answered by node2; node1 serves again after its restart";
    return ok
      ? pass(expected, observed.join("; "), faults.journal)
      : fail(expected, observed.join("; "), faults.journal);
  },
});

export const eiEsbLab = defineLab({
  id: "ei-esb",
  title: "Enterprise Integrator 6.5: two ESB nodes, one artifact set",
  technique: "hot deploy",
  summary:
    "Two ESB-profile nodes as WKA members of wso2.ei.domain, repository/deployment/server on a shared file system, a Synapse API hot-deployed on both, and a round-robin nginx on 8280; then stop a node.",
  lessons: [{ title: "Module 06: Enterprise Integrator clustering", href: "/labs/ei-esb" }],
  topology: {
    // The lab's NFS server: each node's fstab mounts it on repository/deployment/server (step 2).
    shares: ["deployment"],
    nodes: [
      // Servlet HTTP 9763 (the node's own API) and pass-through HTTP 8280; each node is its own host, so no offset.
      { name: "node1", role: "carbon", memoryMb: 256, ports: [9763, PASS_THROUGH] },
      { name: "node2", role: "carbon", memoryMb: 256, ports: [9763, PASS_THROUGH] },
      { name: "lb", role: "nginx", memoryMb: 64, ports: [PASS_THROUGH] },
    ],
  },
  runtimes: ["docker"],
  // The starter runs with clustering off so the wka-cluster check (not the static checks) shows it.
  lint: { ignore: ["clustering-disabled"] },
  checks: [wkaCluster, sharedDeployment, helloApi, roundRobin, malformed, drill],
});
