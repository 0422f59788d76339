/**
 * Which ClusterRuntime a lab command gets. The one place the lab engine constructs runtimes, so the CLI,
 * the web UI and tests share the same wiring (DOCKER_HOST from lib/env, the process runtime when built).
 */
import fs from "node:fs";
import { getEnv } from "@/lib/env";
import { connectDocker } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import type { ClusterRuntime, RuntimeKind } from "@/lib/runtime/types";
import { LabUsageError } from "./lifecycle";

export async function openRuntime(kind: RuntimeKind): Promise<ClusterRuntime> {
  if (kind === "docker") return createDockerRuntime({ conn: connectDocker(getEnv().DOCKER_HOST) });
  const factory = await loadProcessRuntime();
  if (!factory) {
    throw new LabUsageError("The process runtime is not available in this build. Use --runtime docker (run `clusterlab doctor` to check Docker).");
  }
  return factory();
}

async function loadProcessRuntime(): Promise<(() => ClusterRuntime) | null> {
  // Resolved at run time: the process runtime ships separately from the Docker one.
  const entry = new URL("../runtime/process/runtime.ts", import.meta.url);
  if (!fs.existsSync(entry)) return null;
  const mod: unknown = await import(entry.href);
  const create = (mod as { createProcessRuntime?: unknown }).createProcessRuntime;
  return typeof create === "function" ? () => (create as () => ClusterRuntime)() : null;
}
