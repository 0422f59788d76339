/**
 * Docker smoke: with no registry at all, build a tiny image locally, put two labelled containers on a
 * labelled network, prove one reaches the other by name, remove everything, and prove nothing with our
 * labels is left.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  createContainer,
  createNetwork,
  execInContainer,
  containerLogs,
  listLabelled,
  removeLabelled,
  startContainer,
} from "@/lib/runtime/docker/client";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { LABEL_SESSION, sessionLabels } from "@/lib/runtime/labels";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";
import { waitUntil } from "../helpers/poll";

const probe = await probeDocker();
const session = `smoke-${randomUUID().slice(0, 8)}`;

describe.skipIf(!probe.ok)(dockerSuiteTitle("docker smoke", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);

  afterAll(async () => {
    if (probe.ok) await removeLabelled(conn, { [LABEL_SESSION]: session });
  });

  it("builds an image without a registry, connects two containers by name, and cleans up", async () => {
    const image = await buildBusyboxImage(conn);
    const net = `clusterlab-${session}`;
    const labels = (node?: string) => sessionLabels({ lab: "smoke", session, node });
    await createNetwork(conn, { name: net, labels: labels(), internal: true });

    // Two small busybox containers on the network, reachable by their alias.
    const busybox = (alias: string, script: string) =>
      createContainer(conn, {
        name: `${net}-${alias}`,
        image,
        cmd: ["sh", "-c", script],
        labels: labels(alias),
        network: { name: net, aliases: [alias] },
        memoryBytes: 64 * 1024 * 1024,
        pidsLimit: 64,
      });
    // A one-shot HTTP responder loop: answers every connection with the node's name.
    const server = await busybox(
      "a",
      "echo ready; while true; do printf 'HTTP/1.0 200 OK\\r\\n\\r\\nhello from a' | nc -l -p 8080; done",
    );
    const client = await busybox("b", "sleep 600");
    await startContainer(conn, server.id);
    await startContainer(conn, client.id);

    // Wait (bounded) until the server loop has printed its readiness line.
    await waitUntil(
      () => containerLogs(conn, server.id),
      (logs) => logs.includes("ready"),
      {
        timeoutMs: 15_000,
        intervalMs: 100,
        failure: () => "container a never printed 'ready'",
      },
    );

    const lookup = await execInContainer(conn, client.id, ["nslookup", "a"]);
    expect(lookup.stdout + lookup.stderr).toMatch(/Address.*\d+\.\d+\.\d+\.\d+/);

    // busybox nc, not wget: static busybox's wget crashes in a bare rootfs, nc resolves the alias fine.
    const body = await waitUntil(
      async () => (await execInContainer(conn, client.id, ["nc", "-w", "2", "a", "8080"])).stdout,
      (stdout) => stdout.includes("hello from a"),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
        failure: (last) => `container b never got a's answer (last: ${JSON.stringify(last)})`,
      },
    );
    expect(body).toContain("hello from a");

    const before = await listLabelled(conn, { [LABEL_SESSION]: session });
    expect(before.containers).toHaveLength(2);
    expect(before.networks).toHaveLength(1);

    const removed = await removeLabelled(conn, { [LABEL_SESSION]: session });
    expect(removed).toEqual({ containers: 2, networks: 1, volumes: 0 });
    const after = await listLabelled(conn, { [LABEL_SESSION]: session });
    expect(after.containers).toHaveLength(0);
    expect(after.networks).toHaveLength(0);
    expect(after.volumes).toHaveLength(0);
  });
});
