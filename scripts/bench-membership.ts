/**
 * Membership benchmark for the training node (npm run bench:membership).
 *
 * - Convergence: N nodes (N = 3, 5, 9; members 1 and 2 are the WKA members) are spawned at once from
 *   the bundled dist file; the time until every node reports all N members. Ratios are against the
 *   3-node run of the same command (the baseline).
 * - Failure detection: kill -9 one of 3 members; the time until both survivors drop it, as a ratio to
 *   the configured hazelcast.max.no.heartbeat.seconds (1.0 = exactly max-no-heartbeat; the heartbeat
 *   check runs every heartbeat interval, so up to (max + interval) / max is expected).
 * - Graceful leave: SIGTERM one of 3; time until the survivors drop it, same ratio (should be far below 1).
 * Timing: heartbeat 1 s, max-no-heartbeat 3 s, max.wait.seconds.before.join 1 s. Last line: JSON.
 */
import {
  bundle,
  freshSubnet,
  nodeConfig,
  randomPort,
  startNode,
  stopAll,
  waitForMembers,
  type NodeProcess,
} from "@/tests/cluster/harness";

const MAX_NO_HEARTBEAT_S = 3;
const HAZELCAST = {
  "hazelcast.heartbeat.interval.seconds": "1",
  "hazelcast.max.no.heartbeat.seconds": String(MAX_NO_HEARTBEAT_S),
  "hazelcast.max.wait.seconds.before.join": "1",
};
const ROUNDS = 2;

function spawnCluster(n: number): NodeProcess[] {
  const at = freshSubnet();
  const memberPort = randomPort();
  const httpPort = randomPort();
  const wka = [at(1), at(2)];
  return Array.from({ length: n }, (_, i) =>
    startNode({
      name: `node${i + 1}`,
      host: at(i + 1),
      httpPort,
      fullConfig: nodeConfig({ host: at(i + 1), memberPort, httpPort, wka, overrides: { hazelcast: HAZELCAST } }),
    }),
  );
}

const names = (nodes: NodeProcess[]): string[] => nodes.map((n) => n.name);

async function convergenceMs(n: number): Promise<number> {
  const started = performance.now();
  const nodes = spawnCluster(n);
  await waitForMembers(nodes, names(nodes), 60_000);
  const ms = performance.now() - started;
  await stopAll();
  return ms;
}

async function removalMs(signal: "SIGKILL" | "SIGTERM"): Promise<number> {
  const nodes = spawnCluster(3);
  await waitForMembers(nodes, names(nodes), 60_000);
  const victim = nodes[2]!;
  const survivors = nodes.slice(0, 2);
  const started = performance.now();
  victim.signal(signal);
  await waitForMembers(survivors, names(survivors), 60_000);
  const ms = performance.now() - started;
  await stopAll();
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  bundle();
  const convergence: Record<string, number> = {};
  for (const n of [3, 5, 9]) {
    const runs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await convergenceMs(n));
    convergence[n] = Math.round(median(runs));
    console.log(`convergence ${n} nodes: ${convergence[n]} ms (runs: ${runs.map(Math.round).join(", ")})`);
  }
  const baseline = convergence[3] ?? 1;
  const kill: number[] = [];
  const term: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    kill.push(await removalMs("SIGKILL"));
    term.push(await removalMs("SIGTERM"));
  }
  const maxMs = MAX_NO_HEARTBEAT_S * 1000;
  console.log(
    `kill -9 detection: ${kill.map(Math.round).join(", ")} ms; graceful leave: ${term.map(Math.round).join(", ")} ms (max-no-heartbeat ${maxMs} ms)`,
  );
  console.log(
    JSON.stringify({
      bench: "membership",
      heartbeatIntervalSeconds: 1,
      maxNoHeartbeatSeconds: MAX_NO_HEARTBEAT_S,
      convergenceMs: convergence,
      convergenceRatioVs3Nodes: {
        "5": round2((convergence[5] ?? 0) / baseline),
        "9": round2((convergence[9] ?? 0) / baseline),
      },
      failureDetectionMs: Math.round(median(kill)),
      failureDetectionRatioToMaxNoHeartbeat: round2(median(kill) / maxMs),
      gracefulLeaveMs: Math.round(median(term)),
      gracefulLeaveRatioToMaxNoHeartbeat: round2(median(term) / maxMs),
    }),
  );
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await stopAll();
    console.error(`bench:membership failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
