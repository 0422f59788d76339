/**
 * Which ClusterRuntime a lab command gets. The one place the lab engine constructs runtimes, so the CLI,
 * the web UI and tests share the same wiring (DOCKER_HOST from lib/env; the process runtime's defaults).
 */
import { getEnv } from "@/lib/env";
import { connectDocker } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { createProcessRuntime } from "@/lib/runtime/process/runtime";
import type { ClusterRuntime, RuntimeKind } from "@/lib/runtime/types";

export async function openRuntime(kind: RuntimeKind): Promise<ClusterRuntime> {
  return kind === "docker"
    ? createDockerRuntime({ conn: connectDocker(getEnv().DOCKER_HOST) })
    : createProcessRuntime();
}
