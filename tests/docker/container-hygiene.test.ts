/**
 * L3 (security review): every lab container gets a CPU quota and bounded json-file logs, on a real engine.
 * Without them one runaway node can take every core, and its log grows without bound for the session's 4 h.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer, removeContainer } from "@/lib/runtime/docker/client";
import { buildBusyboxImage } from "@/lib/runtime/docker/import-image";
import { CONTAINER_LOG_MAX_FILES, CONTAINER_LOG_MAX_SIZE, CONTAINER_NANO_CPUS } from "@/lib/runtime/docker/client";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const probe = await probeDocker();
const IMAGE = "clusterlab/busybox:local";

describe.skipIf(!probe.ok)(dockerSuiteTitle("container hygiene: CPU quota and bounded logs (L3)", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  let id = "";

  beforeAll(async () => {
    await buildBusyboxImage(conn, IMAGE);
    ({ id } = await createContainer(conn, {
      name: `hygiene-${randomUUID().slice(0, 8)}`,
      image: IMAGE,
      cmd: ["sleep", "1"],
      labels: { "io.clusterlab.test-run": "hygiene" },
    }));
  }, 120_000);

  afterAll(async () => {
    if (id) await removeContainer(conn, id);
  });

  it("has NanoCpus and a json-file log with max-size and max-file", async () => {
    const info = await conn.docker.getContainer(id).inspect();
    expect(info.HostConfig.NanoCpus).toBe(CONTAINER_NANO_CPUS);
    expect(info.HostConfig.LogConfig).toEqual({
      Type: "json-file",
      Config: { "max-size": CONTAINER_LOG_MAX_SIZE, "max-file": CONTAINER_LOG_MAX_FILES },
    });
  });
});
