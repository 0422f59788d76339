/**
 * The sample lab: two independent training nodes behind nginx round robin. It proves the lab engine end
 * to end (init, up, check, down) with the smallest useful lesson: a load balancer only spreads load over
 * the backends it has been told about.
 */
import { fail, pass } from "@/lib/grading";
import { defineLab, defineLabCheck } from "@/lib/labs";

const NODES = ["node1", "node2"] as const;
const REQUESTS_THROUGH_LB = 20;

const bothNodesHealthy = defineLabCheck({
  id: "both-nodes-healthy",
  title: "Both training nodes answer on their servlet port",
  // A demonstration, worth nothing: the starter's nodes already answer, so no learner work is graded here;
  // it stays as the precondition of lb-reaches-both-nodes and shows the learner what "healthy" means.
  points: 0,
  hint: {
    nudge: "A node that does not answer on 9763 is not running or is configured on another port.",
    lesson: "Lab README, step 1: start the lab and look at each node's log with `clusterlab lab logs sample <node>`.",
    fix: "Keep `[server] offset = 0` in each node's repository/conf/deployment.toml so the servlet port stays 9763, then `lab down` and `lab up` again.",
  },
  async run(ctx) {
    const observed: Array<string> = [];
    const log: Array<string> = [];
    let healthy = 0;
    for (const node of NODES) {
      const res = await ctx.http(node, "/carbon/health");
      if (!res.ok) {
        observed.push(`${node}: ${res.error}`);
        log.push(...(await ctx.logTail(node, 10)).map((line) => `${node} | ${line}`));
        continue;
      }
      const name = res.headers["x-carbon-node"] ?? "(no X-Carbon-Node header)";
      if (res.status === 200 && name === node) healthy++;
      observed.push(`${node}: HTTP ${res.status}, X-Carbon-Node ${name}`);
    }
    const expected = "node1 and node2 each answer /carbon/health with HTTP 200 and their own X-Carbon-Node";
    return healthy === NODES.length ? pass(expected, observed.join("; ")) : fail(expected, observed.join("; "), log);
  },
});

const lbReachesBothNodes = defineLabCheck({
  id: "lb-reaches-both-nodes",
  title: "Requests through nginx reach both nodes",
  points: 3,
  requires: ["both-nodes-healthy"],
  hint: {
    nudge: "nginx answers, but only some nodes ever see a request: look at which servers the upstream block lists.",
    lesson:
      "Lab README, step 2: round robin sends each request to the next server of the upstream, and only to servers listed there.",
    fix: "In lb/nginx.conf add `server node2:9763;` to `upstream carbon_nodes { ... }`, then `lab down sample` and `lab up sample`.",
  },
  async run(ctx) {
    const counts = new Map<string, number>();
    const failures: Array<string> = [];
    for (let i = 0; i < REQUESTS_THROUGH_LB; i++) {
      const res = await ctx.http("lb", "/carbon/health");
      if (!res.ok) failures.push(res.error);
      else if (res.status !== 200) failures.push(`HTTP ${res.status}`);
      else {
        const node = res.headers["x-carbon-node"] ?? "(no X-Carbon-Node header)";
        counts.set(node, (counts.get(node) ?? 0) + 1);
      }
    }
    const spread = NODES.map((node) => `${node}: ${counts.get(node) ?? 0}`).join(", ");
    const observed = `${REQUESTS_THROUGH_LB} requests through nginx: ${spread}${failures.length ? `; ${failures.length} failed (${[...new Set(failures)].join(", ")})` : ""}`;
    const expected = `all ${REQUESTS_THROUGH_LB} requests answered, by node1 and by node2`;
    const reachedAll = NODES.every((node) => (counts.get(node) ?? 0) > 0);
    if (reachedAll && failures.length === 0) return pass(expected, observed);
    return fail(expected, observed, failures.length ? await ctx.logTail("lb", 10) : undefined);
  },
});

export const sampleLab = defineLab({
  id: "sample",
  title: "Sample: two training nodes behind nginx",
  technique: "round robin",
  audience: "test",
  summary: "Put a second node behind the load balancer and see round robin spread the requests.",
  lessons: [{ title: "Module 06: load balancing independent nodes", href: "/labs/sample" }],
  topology: {
    nodes: [
      { name: "node1", role: "carbon" },
      { name: "node2", role: "carbon" },
      { name: "lb", role: "nginx" },
    ],
  },
  runtimes: ["docker"],
  // Independent nodes are this lab's lesson: clustering off and nothing shared are correct here.
  lint: { ignore: ["clustering-disabled", "shared-datasource-local-h2"] },
  checks: [bothNodesHealthy, lbReachesBothNodes],
});
