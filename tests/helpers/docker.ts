/**
 * Docker availability for the docker suites. Without an engine the suites are SKIPPED with a one-line
 * reason in their title, unless CLUSTERLAB_REQUIRE_DOCKER=1 (CI), which turns a missing engine into a failure.
 */
import { connectDocker, pingDocker, type DockerConnection } from "@/lib/runtime/docker/client";
import { parseEnv } from "@/lib/env";

export type DockerProbe = { ok: true; conn: DockerConnection; version: string } | { ok: false; reason: string };

export async function probeDocker(): Promise<DockerProbe> {
  const env = parseEnv();
  const conn = connectDocker(env.DOCKER_HOST);
  try {
    const info = await pingDocker(conn);
    return { ok: true, conn, version: info.version };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(" (")[0] ?? error.message : String(error);
    if (env.CLUSTERLAB_REQUIRE_DOCKER) {
      throw new Error(`CLUSTERLAB_REQUIRE_DOCKER=1 but ${reason}. Start the engine (see .ci/run) and re-run.`);
    }
    return { ok: false, reason };
  }
}

/** Title for a docker describe block: carries the skip reason when there is no engine. */
export function dockerSuiteTitle(name: string, probe: DockerProbe): string {
  return probe.ok ? name : `${name} [skipped: ${probe.reason}; set CLUSTERLAB_REQUIRE_DOCKER=1 to fail instead]`;
}
