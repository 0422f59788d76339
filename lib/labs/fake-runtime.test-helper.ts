/**
 * An in-memory ClusterRuntime for unit tests of the lab engine's own decisions (which session is live,
 * what doctor reports, reaping). It starts nothing; tests that need real nodes use the docker or
 * process runtimes.
 */
import type { ClusterRuntime, SessionSummary, StartedCluster } from "@/lib/runtime/types";

export type FakeRuntime = ClusterRuntime & { sessions: Array<SessionSummary>; reaped: number; removed: Array<string> };

export function fakeRuntime(sessions: Array<SessionSummary> = [], available = true): FakeRuntime {
  const runtime: FakeRuntime = {
    kind: "docker",
    sessions,
    reaped: 0,
    removed: [],
    async available() {
      return available
        ? { ok: true, describe: "fake" }
        : { ok: false, reason: "No fake engine answers. Start it and try again." };
    },
    async up(): Promise<StartedCluster> {
      throw new Error("the fake runtime starts nothing");
    },
    async attach(): Promise<StartedCluster> {
      throw new Error("the fake runtime attaches nothing");
    },
    async listSessions({ lab } = {}) {
      return runtime.sessions.filter((s) => !lab || s.lab === lab);
    },
    async remove(session) {
      runtime.removed.push(session);
      runtime.sessions = runtime.sessions.filter((s) => s.session !== session);
    },
    async reap() {
      runtime.reaped++;
      const orphans = runtime.sessions.filter((s) => s.orphanReason);
      runtime.sessions = runtime.sessions.filter((s) => !s.orphanReason);
      return {
        removed: orphans.map((s) => ({ session: s.session, lab: s.lab, reason: s.orphanReason ?? "owner-gone" })),
      };
    },
  };
  return runtime;
}

export function session(id: string, extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    lab: "sample",
    session: id,
    runtime: "docker",
    ownerPid: 1,
    ownerHost: "host",
    createdAt: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
    detached: true,
    nodes: [{ name: "node1", state: "running" }],
    ...extra,
  };
}
