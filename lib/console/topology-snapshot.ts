/**
 * A live picture of a lab's cluster, for the SVG on the lab page: every node of the topology with its runtime
 * state, what each Carbon node believes about its cluster (`/carbon/cluster`, the same probe the graders use),
 * and which node answered the last request through the load balancer (X-Carbon-Node). Read-only: it never
 * starts, stops or changes anything, so the page may poll it while a check (and its drills) runs.
 */
import { httpProbe, memberNames, readClusterView } from "@/lib/grading/probes";
import { statusLab, type RegisteredLab } from "@/lib/labs";
import type { ClusterRuntime } from "@/lib/runtime/types";
import { processSingleton } from "./process-state";
import type { TopologyNode, TopologySnapshot } from "./topology-schema";

export {
  topologyNodeSchema,
  topologySnapshotSchema,
  type TopologyNode,
  type TopologySnapshot,
} from "./topology-schema";

const CARBON_HTTP = "9763";
const NGINX_HTTP = "8080";

export async function takeTopologySnapshot(
  lab: RegisteredLab,
  workspace: string,
  runtime: ClusterRuntime,
): Promise<TopologySnapshot> {
  const lastServed = processSingleton("last-served", () => new Map<string, string>());
  const id = lab.definition.id;
  const base = { lab: id, at: new Date().toISOString() };
  let status;
  try {
    status = await statusLab({ lab, workspace, runtime });
  } catch (error) {
    return {
      ...base,
      session: null,
      servedBy: lastServed.get(id) ?? null,
      problem: error instanceof Error ? error.message : String(error),
      nodes: lab.definition.topology.nodes.map((n) => ({
        name: n.name,
        role: n.role,
        state: "not-started" as const,
        view: null,
        detail: null,
      })),
    };
  }
  const signal = AbortSignal.timeout(4_000);
  const nodes = await Promise.all(
    status.nodes.map(async (n): Promise<TopologyNode> => {
      const role = lab.definition.topology.nodes.find((d) => d.name === n.name)?.role ?? "carbon";
      const endpoint = n.endpoints[CARBON_HTTP];
      const shares = n.mounts.map((m) => m.share);
      if (role !== "carbon" || n.state !== "running" || !endpoint)
        return { name: n.name, role, state: n.state, view: null, detail: null, shares };
      const v = await readClusterView(n.name, `http://${endpoint}`, signal);
      if ("error" in v) return { name: n.name, role, state: "unreachable", view: null, detail: v.error, shares };
      return {
        name: n.name,
        role,
        shares,
        state: "running",
        view: {
          members: memberNames(v.view),
          coordinator: v.view.coordinator?.name ?? null,
          clusteringEnabled: v.view.clusteringEnabled,
          joined: v.view.joined,
        },
        detail: null,
      };
    }),
  );
  const lb = status.nodes.find((n) => n.role === "nginx" && n.state === "running" && n.endpoints[NGINX_HTTP]);
  if (lb) {
    const res = await httpProbe(`http://${lb.endpoints[NGINX_HTTP]}/carbon/health`, {
      timeoutMs: 3_000,
      maxBodyBytes: 1_000,
    });
    const served = res.ok ? res.headers["x-carbon-node"] : undefined;
    if (served) lastServed.set(id, served);
  }
  if (!status.session) lastServed.delete(id);
  return { ...base, session: status.session, nodes, servedBy: lastServed.get(id) ?? null, problem: null };
}
