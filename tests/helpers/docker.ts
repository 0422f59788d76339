/**
 * Docker availability for the docker suites. Without an engine the suites are SKIPPED with a one-line
 * reason in their title, unless CLUSTERLAB_REQUIRE_DOCKER=1 (CI), which turns a missing engine into a failure.
 */
import { connectDocker, pingDocker, type DockerConnection } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { parseEnv } from "@/lib/env";

export type DockerProbe = { ok: true; conn: DockerConnection; version: string } | { ok: false; reason: string };

export async function probeDocker(): Promise<DockerProbe> {
  const env = parseEnv();
  const conn = connectDocker(env.DOCKER_HOST);
  try {
    const info = await pingDocker(conn);
    return { ok: true, conn, version: info.version };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split(" (")[0] ?? error.message) : String(error);
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

/**
 * For suites that run the ClusterLab images: `probe` when every image in `images` is on the engine, else a
 * skip naming the missing ones and the command that builds them (a failure under CLUSTERLAB_REQUIRE_DOCKER=1).
 */
export async function withImages(probe: DockerProbe, images: Iterable<string>): Promise<DockerProbe> {
  if (!probe.ok) return probe;
  const missing: Array<string> = [];
  for (const image of new Set(images)) if (!(await imageExists(probe.conn, image))) missing.push(image);
  if (missing.length === 0) return probe;
  const reason = `images ${missing.join(", ")} missing (run \`clusterlab images build --offline\`)`;
  if (parseEnv().CLUSTERLAB_REQUIRE_DOCKER) throw new Error(`CLUSTERLAB_REQUIRE_DOCKER=1 but ${reason}`);
  return { ok: false, reason };
}
