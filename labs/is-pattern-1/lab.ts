/**
 * The capstone: WSO2 Identity Server deployment pattern 1 (an HA cluster of two IS nodes), one check per
 * step of the source's procedure (facts §9): databases, datasources, registry mounts, Hazelcast WKA with
 * tuned heartbeats, hostname and proxy port (node2 runs with offset 1), a sticky nginx, and the final
 * test: stop node1 and node2 serves, then the reverse. Step 6 (artifact sync on a shared file system):
 * the lab's file server `nfs` exports the IS shared folders, each node's workspace `fstab` mounts them, and
 * the check deploys an artifact on one node and looks for it on the other.
 */
import { error, fail, pass, verdict } from "@/lib/grading";
import {
  createCookieJar,
  createDrill,
  describeTally,
  describeView,
  hazelcastSeconds,
  nodeApi,
  nodeClient,
  pollUntil,
  postgresDatabaseOwners,
  readNodeConfig,
  runTag,
  tallyThroughLb,
  waitForAgreement,
  wkaList,
  type NodeCall,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck } from "@/lib/labs";

const NODES = ["node1", "node2"] as const;
const README = "labs/is-pattern-1/README.mdx";
const DB_USER = "wso2carbon";
const DATABASES = ["shared_db", "identity_db"] as const;
const LB_PORT = 8080;
/** The IS documentation's recommended hazelcast.max.no.heartbeat.seconds (facts §5). */
const MAX_NO_HEARTBEAT_S = 20;

/** The IS folders pattern 1 shares (facts §7), as shares of the lab's file server. */
const SHARES = ["userstores", "eventpublishers"] as const;
const DEPLOYMENT = "/opt/clusterlab/carbon/repository/deployment/server";

/** "HTTP 404" for a node's answer, or why nothing answered: the evidence wording of these checks. */
function httpStatusOf(call: NodeCall<unknown>): string {
  if (call.ok) return "HTTP 200";
  return call.status !== null ? `HTTP ${call.status}` : call.reason;
}

/**
 * The pattern-1 checks, one per step, for the lab `lab` whose README is `readme`. is-pattern-2 builds on
 * pattern 1 and reuses them (worth 0 points there: docs/decisions/0034-is-analytics-worker-model.md).
 */
export function pattern1Checks({ lab, readme }: { lab: string; readme: string }) {
  const step1 = defineLabCheck({
    id: "step1-databases",
    title: "Step 1: the shared and identity databases exist, owned by the IS user",
    points: 2,
    hint: {
      nudge: "Pattern 1 starts with the databases: which ones does PostgreSQL on db have?",
      lesson: `${readme}, step 1: create the databases (shared: user store and registry; identity) and the user the nodes connect as.`,
      fix: `Add \`CREATE DATABASE identity_db OWNER ${DB_USER};\` to db/init.sql, then \`lab down ${lab}\` and \`lab up ${lab}\`.`,
    },
    async run(ctx) {
      const res = await postgresDatabaseOwners(ctx.exec, "db", DATABASES);
      if (!res.ok) return error("the grader can query PostgreSQL on db", res.error);
      const found = res.owners;
      const observed = DATABASES.map((d) => (found.has(d) ? `${d} (owner ${found.get(d)})` : `no ${d}`)).join("; ");
      const ok = DATABASES.every((d) => found.get(d) === DB_USER);
      return verdict(ok, `${DATABASES.join(" and ")} owned by ${DB_USER}`, observed);
    },
  });

  const step2 = defineLabCheck({
    id: "step2-datasources",
    title: "Step 2: both nodes use the shared and identity databases",
    points: 2,
    hint: {
      nudge: "Ask each node which database a datasource points at: /api/counter?name=x&ds=<datasource>.",
      lesson: `${readme}, step 2: [database.shared_db] and [database.identity_db] on every node, pointing at the same databases.`,
      fix: `On both nodes add [database.identity_db] with type = "postgre", hostname = "db", port = 5432, name = "identity_db", username and password "${DB_USER}".`,
    },
    async run(ctx) {
      const observed: Array<string> = [];
      let ok = 0;
      for (const node of NODES) {
        for (const [ds, db] of [
          ["WSO2_SHARED_DB", "shared_db"],
          ["identity_db", "identity_db"],
        ] as const) {
          const res = await nodeClient(ctx, node).counter.read(`${lab}-probe`, { ds });
          if (res.ok && res.value.datasource.includes(`postgresql db:5432/${db}`)) ok++;
          observed.push(`${node} ${ds}: ${res.ok ? res.value.datasource : res.reason}`);
        }
      }
      const expected = "on both nodes WSO2_SHARED_DB -> db:5432/shared_db and identity_db -> db:5432/identity_db";
      return verdict(ok === NODES.length * 2, expected, observed.join("; "));
    },
  });

  const step3 = defineLabCheck({
    id: "step3-registry-mounts",
    title: "Step 3: config and governance registries are mounted on the shared database; local stays local",
    points: 2,
    hint: {
      nudge: "Write under /_system/governance on node1 and read on node2; do the same under /_system/local.",
      lesson: `${readme}, step 3: the toml mounts /_system/config and /_system/governance on WSO2_SHARED_DB; the local registry is per node.`,
      fix: `Give node2 the [database.shared_db] section of node1 (the same shared_db database on db): the config and governance mounts follow it; then \`lab down ${lab}\` and \`lab up ${lab}\`.`,
    },
    async run(ctx) {
      const tag = runTag();
      const observed: Array<string> = [];
      let ok = true;
      for (const [path, shouldShare] of [
        [`/_system/governance/${lab}/${tag}`, true],
        [`/_system/local/${lab}/${tag}`, false],
      ] as const) {
        const put = await nodeClient(ctx, "node1").registry.put(path, "from-node1");
        if (!put.ok) return fail("node1 stores registry resources", put.reason);
        const res = await nodeClient(ctx, "node2").registry.get(path);
        const read = res.ok ? res.value : null;
        const shared = read?.content === "from-node1";
        if (shared !== shouldShare) ok = false;
        observed.push(
          `${path.split("/").slice(0, 3).join("/")}: node2 ${read ? `reads it from ${read.storedIn}` : httpStatusOf(res)}`,
        );
      }
      const expected = "node2 reads node1's governance resource from the shared database, and not its local one";
      return verdict(ok, expected, observed.join("; "));
    },
  });

  const step4 = defineLabCheck({
    id: "step4-hazelcast-wka",
    title: "Step 4: Hazelcast WKA on port 4000 with both nodes listed and tuned heartbeats; the nodes form one cluster",
    points: 3,
    timeoutMs: 45_000,
    hint: {
      nudge: "How many well-known members does each node list, and how long would a dead node go unnoticed?",
      lesson: `${readme}, step 4: WKA with every node listed (IS docs: avoid split brain), and max.no.heartbeat ${MAX_NO_HEARTBEAT_S} s instead of Carbon's 600 s (facts §5).`,
      fix: `On both nodes: members = ["node1:4000", "node2:4000"], and [hazelcast] "hazelcast.heartbeat.interval.seconds" = "1", "hazelcast.max.no.heartbeat.seconds" = "${MAX_NO_HEARTBEAT_S}".`,
    },
    async run(ctx) {
      const problems: Array<string> = [];
      for (const node of NODES) {
        const { config } = await readNodeConfig(ctx.workspace, node);
        const list = wkaList(config);
        if (config.clustering.scheme !== "wka") problems.push(`${node}: scheme ${config.clustering.scheme ?? "none"}`);
        for (const member of NODES)
          if (!list.includes(`${member}:4000`))
            problems.push(`${node} does not list ${member}:4000 (lists [${list.join(", ")}])`);
        const noHeartbeat = hazelcastSeconds(config, "hazelcast.max.no.heartbeat.seconds", 600);
        if (noHeartbeat > MAX_NO_HEARTBEAT_S)
          problems.push(`${node}: hazelcast.max.no.heartbeat.seconds is ${noHeartbeat}`);
      }
      const views = await waitForAgreement(ctx, NODES, { timeoutMs: 25_000, intervalMs: 500 });
      if (!views.satisfied) problems.push(`cluster: ${views.value.map(describeView).join("; ")}`);
      const expected = `both nodes list node1:4000 and node2:4000, max.no.heartbeat ≤ ${MAX_NO_HEARTBEAT_S} s, and see each other`;
      return problems.length === 0
        ? pass(expected, views.value.map(describeView).join("; "))
        : fail(expected, problems.join("; "));
    },
  });

  const step5 = defineLabCheck({
    id: "step5-hostname-proxy-port",
    title: "Step 5: one hostname on both nodes, the load balancer's proxy port, node2 on offset 1",
    points: 2,
    hint: {
      nudge:
        "Clients know the cluster by one name and reach it through the load balancer's port; what do the nodes say about themselves?",
      lesson: `${readme}, step 5: [server] hostname is the name behind the load balancer, and proxyPort tells each node the port clients use (facts §8).`,
      fix: `On both nodes: [server] hostname = "is.clusterlab.test" and [transport.http.properties] proxyPort = ${LB_PORT}; keep node2's offset = 1 (servlet port 9764).`,
    },
    async run(ctx) {
      const problems: Array<string> = [];
      const facts: Array<string> = [];
      const hostnames = new Set<string>();
      for (const node of NODES) {
        const { config } = await readNodeConfig(ctx.workspace, node);
        const hostname = config.server.hostname ?? "(none)";
        hostnames.add(hostname);
        facts.push(
          `${node}: hostname ${hostname}, offset ${config.server.offset}, http proxyPort ${config.ports.httpProxy ?? "none"}`,
        );
        if (hostname === "(none)" || hostname === "localhost" || /^\d+\.\d+\.\d+\.\d+$/.test(hostname))
          problems.push(`${node}: hostname ${hostname} is not a cluster name`);
        if (config.ports.httpProxy !== LB_PORT)
          problems.push(`${node}: http proxyPort ${config.ports.httpProxy ?? "not set"}`);
      }
      if (hostnames.size > 1) problems.push(`different hostnames: ${[...hostnames].join(", ")}`);
      const node2 = await ctx.http("node2", "/carbon/health", { port: 9764 });
      facts.push(`node2 on 9764: ${node2.ok ? `HTTP ${node2.status}` : node2.error}`);
      if (!node2.ok || node2.status !== 200) problems.push("node2 does not answer on 9764 (offset 1)");
      const expected = `the same cluster hostname on both nodes, proxyPort ${LB_PORT}, node2 serving on 9764`;
      return verdict(problems.length === 0, expected, [...problems, ...facts].join("; "));
    },
  });

  const step6 = defineLabCheck({
    id: "step6-shared-artifacts",
    title:
      "Step 6: artifacts deployed on one node are deployed on the other (userstores and eventpublishers on the shared file system)",
    points: 2,
    hint: {
      nudge: "Deploy a user store on node1 (PUT /api/artifacts/userstores/<name>.xml): does node2 have it?",
      lesson: `${readme}, step 6: pattern 1 keeps deployment/server/userstores and the event publishers on a shared file system, mounted on every node.`,
      fix: `In node1/fstab and node2/fstab: \`nfs:/userstores ${DEPLOYMENT}/userstores nfs defaults 0 0\` and \`nfs:/eventpublishers ${DEPLOYMENT}/eventpublishers nfs defaults 0 0\`, then \`lab down ${lab}\` and \`lab up ${lab}\`.`,
    },
    async run(ctx) {
      // What the running nodes mount (from the runtime), not what the workspace says now: the learner may have
      // edited an fstab since `lab up`.
      const mounted = NODES.map((node) => {
        const mounts = ctx.cluster.nodes[node]?.mounts ?? [];
        return `${node} mounts ${mounts.length ? mounts.map((m) => `nfs:/${m.share} on ${m.path.replace(`${DEPLOYMENT}/`, "")}${m.readOnly ? " (ro)" : ""}`).join(", ") : "no share"}`;
      });
      const tag = runTag();
      const observed: Array<string> = [];
      let ok = true;
      for (const [folder, from, to] of [
        ["userstores", "node1", "node2"],
        ["eventpublishers", "node2", "node1"],
      ] as const) {
        const file = `${folder}/CLUSTERLAB_${tag.toUpperCase()}.xml`;
        const content = `<!-- deployed on ${from} by the grader (${tag}) -->`;
        const put = await nodeClient(ctx, from).artifacts.deploy(file, content);
        if (!put.ok) {
          ok = false;
          observed.push(`deploying ${file} on ${from}: ${put.reason}`);
          continue;
        }
        const read = await nodeClient(ctx, to).artifacts.read(file);
        const has = read.ok && read.value.kind === "file" && read.value.content === content;
        if (!has) ok = false;
        observed.push(
          `${file} deployed on ${from}: ${has ? `${to} has it` : `${to} does not have it (${httpStatusOf(read)})`}`,
        );
        // Leave the deployment folders as we found them: a grader's probe file is not a user store the learner made.
        await nodeClient(ctx, from).artifacts.undeploy(file);
      }
      const expected =
        "a user store deployed on node1 is on node2, and an event publisher deployed on node2 is on node1";
      return verdict(ok, expected, [...observed, ...mounted].join("; "));
    },
  });

  const step7 = defineLabCheck({
    id: "step7-sticky-lb",
    title: "Step 7: nginx keeps each session on one node and spreads new clients",
    points: 3,
    hint: {
      nudge: "Send /api/session through nginx with a cookie jar: does the counter climb?",
      lesson: `${readme}, step 7: IS needs sticky sessions for its consoles (facts §8); community nginx routes by a cookie it sets.`,
      fix: "Use the route-cookie configuration of the sticky-sessions lab in lb/nginx.conf (route_node1/route_node2 upstreams with the other node as backup, map $cookie_route, add_header Set-Cookie route=$upstream_http_x_carbon_node), with node2 on 9764.",
    },
    async run(ctx) {
      const jar = createCookieJar();
      const one = await tallyThroughLb(`${ctx.url("lb")}/api/session`, 10, { jar, signal: ctx.signal });
      const counts = one.bodies
        .map((b) => nodeApi.session.safeParse(b))
        .flatMap((r) => (r.success ? [r.data.count] : []));
      const sticky = one.byNode.size === 1 && one.failures.length === 0 && counts.join(",") === "1,2,3,4,5,6,7,8,9,10";
      const spread = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const t = await tallyThroughLb(`${ctx.url("lb")}/api/session`, 1, {
          jar: createCookieJar(),
          signal: ctx.signal,
        });
        for (const n of t.byNode.keys()) spread.add(n);
      }
      const observed = `one client: ${describeTally(one, NODES)}, session counter ${counts.join(",")}; 8 new clients reached ${[...spread].sort().join(", ") || "no node"}`;
      const expected = "one client stays on one node (counter 1..10); new clients reach both nodes";
      return verdict(sticky && spread.size === NODES.length, expected, observed);
    },
  });

  const step8 = defineLabCheck({
    id: "step8-failover-both-ways",
    title: "Step 8: stop node1 and node2 serves; then the reverse",
    points: 3,
    requires: ["step3-registry-mounts", "step4-hazelcast-wka", "step7-sticky-lb"],
    timeoutMs: 120_000,
    hint: {
      nudge: "When one node stops, does every request through nginx still succeed, with the shared data?",
      lesson: `${readme}, step 8: the pattern's own test: stop node 1 and check node 2 serves, then the reverse.`,
      fix: "Keep both nodes in every upstream of lb/nginx.conf (the other node as backup) with `proxy_next_upstream error timeout` and `proxy_connect_timeout 2s`.",
    },
    async run(ctx) {
      const lb = ctx.url("lb");
      const path = `/_system/governance/${lab}/failover-${runTag()}`;
      const put = await tallyThroughLb(`${lb}/carbon/health`, 1, { signal: ctx.signal });
      if (put.failures.length) return fail("nginx answers before the drill", describeTally(put, NODES));
      const throughLb = nodeClient(ctx, "lb");
      const write = await throughLb.registry.put(path, "before-failover");
      if (!write.ok)
        return fail("a registry write through nginx", write.status !== null ? `HTTP ${write.status}` : write.reason);
      const drill = createDrill(ctx.cluster, ctx.signal);
      const observed: Array<string> = [];
      let ok = true;
      try {
        for (const [down, up] of [
          ["node1", "node2"],
          ["node2", "node1"],
        ] as const) {
          await drill.stop(down);
          const tally = await tallyThroughLb(`${lb}/carbon/health`, 10, { signal: ctx.signal, timeoutMs: 8_000 });
          const read = await throughLb.registry.get(path, { timeoutMs: 8_000 });
          const body = read.ok ? read.value : null;
          const good =
            tally.failures.length === 0 && tally.byNode.get(up) === 10 && body?.content === "before-failover";
          if (!good) ok = false;
          observed.push(
            `${down} stopped: ${describeTally(tally, NODES)}; shared resource ${body ? `"${body.content}"` : httpStatusOf(read)}`,
          );
          await drill.start(down);
          // nginx left the failed server out for its fail_timeout: wait until it sends requests there again.
          const back = await pollUntil(
            () => tallyThroughLb(`${lb}/carbon/health`, 4, { signal: ctx.signal }),
            (t) => t.byNode.has(down),
            { timeoutMs: 25_000, intervalMs: 1_000, signal: ctx.signal },
          );
          observed.push(
            back.satisfied
              ? `${down} back behind nginx after ${(back.elapsedMs / 1000).toFixed(1)} s`
              : `${down} restarted but nginx sent it nothing for 25 s`,
          );
          if (!back.satisfied) ok = false;
        }
      } finally {
        await drill.restore();
      }
      const expected =
        "with either node stopped, 10 requests through nginx all answered by the other node, and the shared registry resource still readable";
      return verdict(ok, expected, observed.join("; "), drill.journal);
    },
  });
  return { step1, step2, step3, step4, step5, step6, step7, step8 };
}

const { step1, step2, step3, step4, step5, step6, step7, step8 } = pattern1Checks({
  lab: "is-pattern-1",
  readme: README,
});

export const isPattern1Lab = defineLab({
  id: "is-pattern-1",
  title: "Capstone: WSO2 Identity Server deployment pattern 1",
  technique: "pattern 1",
  summary:
    "Two IS nodes with shared databases, registry mounts, WKA with tuned Hazelcast, hostname and proxy port, artifacts on a shared file system and a sticky nginx; then fail each node in turn.",
  lessons: [{ title: "Module 06: IS deployment patterns 1 and 2", href: "/labs/is-pattern-1" }],
  topology: {
    // The lab's NFS server: the nodes' fstab files mount these shares (step 6).
    shares: [...SHARES],
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      { name: "node1", role: "carbon", memoryMb: 256 },
      // Offset 1: servlet HTTP on 9764, as a second instance on one host.
      { name: "node2", role: "carbon", memoryMb: 256, ports: [9764] },
      { name: "lb", role: "nginx", memoryMb: 64 },
    ],
  },
  runtimes: ["docker"],
  // node2 starts without [database.shared_db] on purpose: step2-datasources and step3-registry-mounts report
  // it at runtime with what each node reads, where the learner can see it (steps 2 and 3 of the README).
  lint: { ignore: ["shared-datasource-mismatch"] },
  checks: [step1, step2, step3, step4, step5, step6, step7, step8],
});
