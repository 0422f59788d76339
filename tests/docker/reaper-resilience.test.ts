/**
 * L1 (security review): one leftover object the reaper cannot remove must not block every lab command. The review's
 * recipe on a real engine: an expired session's network that a foreign container (no ClusterLab session label) is
 * still attached to, so removing the network fails with "active endpoints". The reaper must report that session and
 * keep going: the next expired session is still removed, and reap() itself does not throw.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_EXPIRES, LABEL_LAB, LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_SESSION } from "@/lib/runtime/labels";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const probe = await probeDocker();
const runId = randomUUID().slice(0, 6);
const IMAGE = "clusterlab/busybox:local";
const blocked = `reap-${runId}-blocked`;
const plain = `reap-${runId}-plain`;

describe.skipIf(!probe.ok)(dockerSuiteTitle("reaper keeps going past a session it cannot remove (L1)", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const made: { containers: Array<string>; networks: Array<string> } = { containers: [], networks: [] };
  const labels = (session: string) => ({
    [LABEL_LAB]: "reap-test",
    [LABEL_SESSION]: session,
    [LABEL_OWNER_PID]: "1",
    [LABEL_OWNER_HOST]: "elsewhere",
    [LABEL_EXPIRES]: "1",
  });

  beforeAll(async () => {
    await buildBusyboxImage(conn, IMAGE);
    for (const session of [blocked, plain]) {
      const net = await conn.docker.createNetwork({
        Name: `clusterlab-${session}`,
        Driver: "bridge",
        Labels: labels(session),
      });
      made.networks.push(net.id);
    }
    // Not labelled with the session: `down` and the reaper never touch it, and it keeps the network busy.
    const foreign = await conn.docker.createContainer({
      Image: IMAGE,
      Cmd: ["sleep", "600"],
      Labels: { "io.clusterlab.test-run": runId },
      HostConfig: { NetworkMode: `clusterlab-${blocked}`, AutoRemove: false },
    });
    made.containers.push(foreign.id);
    await foreign.start();
  }, 120_000);

  afterAll(async () => {
    for (const id of made.containers)
      await conn.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const id of made.networks)
      await conn.docker
        .getNetwork(id)
        .remove()
        .catch(() => undefined);
  });

  it("reports the blocked session, removes the other, and does not throw", async () => {
    const runtime = createDockerRuntime({ conn });
    const report = await runtime.reap({ lab: "reap-test" });
    expect(report.removed.map((r) => r.session)).toEqual([plain]);
    expect(report.failed?.map((f) => f.session)).toEqual([blocked]);
    expect(report.failed?.[0]?.error).toMatch(/active endpoints|in use/i);
    const left = await conn.docker.listNetworks({ filters: { label: [`${LABEL_SESSION}=${plain}`] } });
    expect(left).toHaveLength(0);
  });
});
