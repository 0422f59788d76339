/**
 * Shared folders (NodeSpec.mounts) on a real engine: one labelled volume per share and session, seen by
 * every node that mounts it, read-only where asked, absent from nodes that do not mount it, and removed
 * with the session. Session ids start with "sf-"; afterAll removes anything left with those ids.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_SESSION, LABEL_SHARE } from "@/lib/runtime/labels";
import type { NodeSpecInput } from "@/lib/runtime/types";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const probe = await probeDocker();
const IMAGE = "clusterlab/busybox:local";
const id = `sf-${randomUUID().slice(0, 6)}`;

function sleeper(name: string, mounts: NodeSpecInput["mounts"]): NodeSpecInput {
  return { name, role: "carbon", image: IMAGE, command: ["sleep", "600"], mounts, memoryMb: 32, pidsLimit: 32 };
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("docker shared folders", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const runtime = probe.ok ? createDockerRuntime({ conn }) : (undefined as never);

  beforeAll(async () => {
    await buildBusyboxImage(conn, IMAGE);
  }, 60_000);

  afterAll(async () => {
    await removeLabelled(conn, { [LABEL_SESSION]: id });
  });

  it("a file written on one node is read on every node mounting the share, read-only where asked, and the volume goes with the session", async () => {
    const cluster = await runtime.up({
      lab: "sflab",
      session: id,
      nodes: [
        sleeper("writer", [{ share: "artifacts", path: "/srv/deploy" }]),
        sleeper("reader", [{ share: "artifacts", path: "/opt/elsewhere/deploy" }]),
        sleeper("viewer", [{ share: "artifacts", path: "/srv/deploy", readOnly: true }]),
        sleeper("loner", []),
      ],
    });
    const write = await cluster.exec("writer", ["sh", "-c", "echo from-writer > /srv/deploy/userstore.xml"]);
    expect(write.exitCode).toBe(0);
    expect((await cluster.exec("reader", ["cat", "/opt/elsewhere/deploy/userstore.xml"])).stdout).toBe("from-writer\n");
    expect((await cluster.exec("viewer", ["cat", "/srv/deploy/userstore.xml"])).stdout).toBe("from-writer\n");
    const roWrite = await cluster.exec("viewer", ["sh", "-c", "echo x > /srv/deploy/other.xml"]);
    expect(roWrite.exitCode).not.toBe(0);
    expect(roWrite.stderr).toMatch(/read-only/i);
    expect((await cluster.exec("loner", ["ls", "/srv/deploy/userstore.xml"])).exitCode).not.toBe(0);

    // One volume for the share, labelled with the session and the share name; a restart keeps its files.
    const volumes = (await listLabelled(conn, { [LABEL_SESSION]: id })).volumes;
    expect(volumes.map((v) => v.labels[LABEL_SHARE])).toEqual(["artifacts"]);
    await cluster.stop("reader", { graceful: false });
    await cluster.start("reader");
    expect((await cluster.exec("reader", ["cat", "/opt/elsewhere/deploy/userstore.xml"])).stdout).toBe("from-writer\n");

    // Another process attaching sees the mounts in the node specs.
    const attached = await runtime.attach(id);
    expect(Object.keys(attached.nodes).sort()).toEqual(["loner", "reader", "viewer", "writer"]);

    await cluster.down();
    const left = await listLabelled(conn, { [LABEL_SESSION]: id });
    expect(left.containers.length + left.networks.length + left.volumes.length).toBe(0);
  }, 90_000);
});
