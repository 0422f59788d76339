/**
 * The only module that imports dockerode (with its siblings in this folder). It reshapes the
 * engine's payloads into small domain types so nothing else depends on Docker's API shapes.
 */
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { getEnv } from "../../env";
import { labelFilter, LABEL_LAB } from "../labels";

export type DockerConnection = { docker: Docker; describe: string };

export class DockerUnavailableError extends Error {
  override name = "DockerUnavailableError";
  constructor(where: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `No Docker engine answers at ${where} (${reason}). Start Docker (e.g. \`sudo systemctl start docker\` or \`dockerd &\`), ` +
        `or point DOCKER_HOST at a running engine, then try again.`,
    );
  }
}

/**
 * Connect to the engine named by DOCKER_HOST (dockerode reads it itself, including tcp:// and ssh://),
 * else the default unix socket. Connecting does no I/O; call `ping()` to know it answers.
 */
export function connectDocker(dockerHost: string | undefined = getEnv().DOCKER_HOST): DockerConnection {
  // dockerode's default constructor honours DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
  const DockerClient = loadDockerode();
  const docker = new DockerClient();
  return { docker, describe: dockerHost ?? "unix:///var/run/docker.sock" };
}

/**
 * dockerode (with ssh2, grpc-js and protobufjs) takes ~0.2 s of CPU to load: loaded on the first connection,
 * not at import, so CLI commands that never talk to Docker (`lab list`, `config lint`) start without it.
 */
let dockerode: typeof Docker | undefined;
function loadDockerode(): typeof Docker {
  dockerode ??= createRequire(import.meta.url)("dockerode") as typeof Docker;
  return dockerode;
}

export type EngineInfo = { version: string; apiVersion: string; os: string; arch: string; memoryBytes: number };

/** Ping with a deadline; resolves to engine facts or throws DockerUnavailableError. */
export async function pingDocker(conn: DockerConnection, timeoutMs = 3000): Promise<EngineInfo> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await Promise.race([
      conn.docker.ping(),
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error(`no answer within ${timeoutMs} ms`))),
      ),
    ]);
    const [version, info] = await Promise.all([
      conn.docker.version(),
      conn.docker.info() as Promise<{ MemTotal?: number }>,
    ]);
    return {
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
      memoryBytes: info.MemTotal ?? 0,
    };
  } catch (error) {
    throw new DockerUnavailableError(conn.describe, error);
  }
}

export type NetworkSpec = { name: string; labels: Record<string, string>; internal?: boolean };

export async function createNetwork(conn: DockerConnection, spec: NetworkSpec): Promise<{ id: string; name: string }> {
  const network = await conn.docker.createNetwork({
    Name: spec.name,
    Driver: "bridge",
    Internal: spec.internal ?? false,
    CheckDuplicate: true,
    Labels: spec.labels,
  });
  return { id: network.id, name: spec.name };
}

export async function removeNetwork(conn: DockerConnection, id: string): Promise<void> {
  await ignoreNotFound(conn.docker.getNetwork(id).remove());
}

export type ContainerSpec = {
  name: string;
  image: string;
  cmd?: Array<string>;
  env?: Record<string, string>;
  labels: Record<string, string>;
  network?: { name: string; aliases: Array<string> };
  /** container port (e.g. "9763/tcp") -> host port on 127.0.0.1 (0 = any free port) */
  publish?: Record<string, number>;
  memoryBytes?: number;
  pidsLimit?: number;
  /** Linux capabilities to add back after dropping ALL (e.g. NET_ADMIN is never given). */
  capAdd?: Array<string>;
  readOnlyRootfs?: boolean;
  tmpfs?: Record<string, string>;
  user?: string;
  workingDir?: string;
  stopSignal?: string;
  /** The container's hostname (the runtime uses the node name: the training node names itself after it). */
  hostname?: string;
  /** Named volumes mounted into the container (shared folders between nodes). */
  volumes?: Array<{ volume: string; target: string; readOnly: boolean }>;
};

/**
 * L3: one CPU per node (a runaway node cannot take every core of the learner's machine) and json-file logs capped
 * at 2 x 10 MB (a node logging in a loop for the session's 4 h cannot fill the disk; graders read the last lines).
 */
export const CONTAINER_NANO_CPUS = 1_000_000_000;
export const CONTAINER_LOG_MAX_SIZE = "10m";
export const CONTAINER_LOG_MAX_FILES = "2";

export async function createContainer(
  conn: DockerConnection,
  spec: ContainerSpec,
): Promise<{ id: string; name: string }> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const [containerPort, hostPort] of Object.entries(spec.publish ?? {})) {
    exposed[containerPort] = {};
    // Published on loopback only: a learner's lab is never reachable from their network.
    bindings[containerPort] = [{ HostIp: "127.0.0.1", HostPort: hostPort === 0 ? "" : String(hostPort) }];
  }
  const container = await conn.docker.createContainer({
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ExposedPorts: exposed,
    WorkingDir: spec.workingDir,
    User: spec.user,
    StopSignal: spec.stopSignal,
    Hostname: spec.hostname,
    HostConfig: {
      NetworkMode: spec.network?.name,
      PortBindings: bindings,
      Memory: spec.memoryBytes,
      PidsLimit: spec.pidsLimit,
      NanoCpus: CONTAINER_NANO_CPUS,
      LogConfig: {
        Type: "json-file",
        Config: { "max-size": CONTAINER_LOG_MAX_SIZE, "max-file": CONTAINER_LOG_MAX_FILES },
      },
      Privileged: false,
      CapDrop: ["ALL"],
      CapAdd: spec.capAdd ?? [],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: spec.readOnlyRootfs ?? false,
      Tmpfs: spec.tmpfs,
      // A named volume mounted where the image has a folder starts as a copy of that folder (files, owner and
      // mode), so the unprivileged server user can write to it; the volume itself carries the session labels.
      Mounts: (spec.volumes ?? []).map((v) => ({
        Type: "volume" as const,
        Source: v.volume,
        Target: v.target,
        ReadOnly: v.readOnly,
      })),
    },
    NetworkingConfig: spec.network
      ? { EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } } }
      : undefined,
  });
  return { id: container.id, name: spec.name };
}

export async function startContainer(conn: DockerConnection, id: string): Promise<void> {
  await conn.docker.getContainer(id).start();
}

export async function removeContainer(conn: DockerConnection, id: string): Promise<void> {
  await ignoreNotFound(conn.docker.getContainer(id).remove({ force: true, v: true }));
}

export type ExecResult = { exitCode: number; stdout: string; stderr: string };

/** Run argv (never a shell string built from input) inside a container; output bounded to `maxBytes`. */
export async function execInContainer(
  conn: DockerConnection,
  id: string,
  argv: Array<string>,
  { timeoutMs = 30_000, maxBytes = 1_000_000 }: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<ExecResult> {
  const exec = await conn.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = boundedSink(maxBytes);
  const stderr = boundedSink(maxBytes);
  conn.docker.modem.demuxStream(stream, stdout.stream, stderr.stream);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`exec ${JSON.stringify(argv)} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on("end", () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on("error", (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const inspect = await exec.inspect();
  return { exitCode: inspect.ExitCode ?? -1, stdout: stdout.text(), stderr: stderr.text() };
}

/** The last `tail` lines of a container's stdout+stderr, demultiplexed. */
export async function containerLogs(conn: DockerConnection, id: string, tail = 50): Promise<string> {
  const buffer = (await conn.docker
    .getContainer(id)
    .logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
  return demuxBuffer(buffer);
}

export type LabelledObjects = {
  containers: Array<{ id: string; name: string; labels: Record<string, string>; state: string }>;
  networks: Array<{ id: string; name: string; labels: Record<string, string> }>;
  volumes: Array<{ name: string; labels: Record<string, string> }>;
};

/** Every container and network carrying our labels (optionally narrowed, e.g. to one session). */
export async function listLabelled(
  conn: DockerConnection,
  labels: Record<string, string | true> = { [LABEL_LAB]: true },
): Promise<LabelledObjects> {
  const filters = labelFilter(labels);
  const [containers, networks, volumes] = await Promise.all([
    conn.docker.listContainers({ all: true, filters }),
    conn.docker.listNetworks({ filters }),
    conn.docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? "").replace(/^\//, ""),
      labels: c.Labels,
      state: c.State,
    })),
    networks: networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
    volumes: (volumes.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} })),
  };
}

/** Remove every container, then every network and volume, carrying the given labels. Returns how many were removed. */
export async function removeLabelled(
  conn: DockerConnection,
  labels: Record<string, string | true>,
): Promise<{ containers: number; networks: number; volumes: number }> {
  const found = await listLabelled(conn, labels);
  await Promise.all(found.containers.map((c) => removeContainer(conn, c.id)));
  await Promise.all(found.networks.map((n) => removeNetwork(conn, n.id)));
  await Promise.all(found.volumes.map((v) => removeVolume(conn, v.name)));
  return { containers: found.containers.length, networks: found.networks.length, volumes: found.volumes.length };
}

export async function createVolume(
  conn: DockerConnection,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  await conn.docker.createVolume({ Name: name, Labels: labels });
}

export async function removeVolume(conn: DockerConnection, name: string): Promise<void> {
  await ignoreNotFound(conn.docker.getVolume(name).remove());
}

/** Extract a tar archive into the container's filesystem at `dir` (works on created, not yet started containers). */
export async function putArchive(conn: DockerConnection, id: string, tar: Buffer, dir = "/"): Promise<void> {
  await conn.docker.getContainer(id).putArchive(tar, { path: dir });
}

export type ContainerFacts = {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";
  exitCode: number;
  oomKilled: boolean;
  /** network name -> IP address */
  networks: Record<string, string>;
  /** "8080/tcp" -> host port (published on 127.0.0.1) */
  ports: Record<string, { host: string; port: number }>;
};

export async function inspectContainer(conn: DockerConnection, id: string): Promise<ContainerFacts | undefined> {
  try {
    const info = await conn.docker.getContainer(id).inspect();
    const ports: ContainerFacts["ports"] = {};
    for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
      const first = bindings?.find((b) => b.HostIp === "127.0.0.1") ?? bindings?.[0];
      if (first?.HostPort) ports[key] = { host: "127.0.0.1", port: Number(first.HostPort) };
    }
    const networks: Record<string, string> = {};
    for (const [name, endpoint] of Object.entries(info.NetworkSettings.Networks ?? {}))
      networks[name] = endpoint.IPAddress;
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ""),
      labels: info.Config.Labels ?? {},
      state: info.State.Status as ContainerFacts["state"],
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled === true,
      networks,
      ports,
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** Ignore "already in that state" answers (304 / 409 not-running etc.) so fault operations are idempotent. */
async function ignoreStateConflicts(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 304) return;
    throw error;
  }
}

export async function stopContainer(conn: DockerConnection, id: string, timeoutSeconds: number): Promise<void> {
  await ignoreStateConflicts(conn.docker.getContainer(id).stop({ t: timeoutSeconds }));
}

export async function killContainer(conn: DockerConnection, id: string, signal = "SIGKILL"): Promise<void> {
  await ignoreStateConflicts(conn.docker.getContainer(id).kill({ signal }));
}

export async function pauseContainer(conn: DockerConnection, id: string): Promise<void> {
  await conn.docker.getContainer(id).pause();
}

export async function unpauseContainer(conn: DockerConnection, id: string): Promise<void> {
  await conn.docker.getContainer(id).unpause();
}

export async function connectToNetwork(
  conn: DockerConnection,
  network: string,
  id: string,
  aliases: Array<string>,
): Promise<void> {
  await conn.docker.getNetwork(network).connect({ Container: id, EndpointConfig: { Aliases: aliases } });
}

export async function disconnectFromNetwork(conn: DockerConnection, network: string, id: string): Promise<void> {
  await conn.docker.getNetwork(network).disconnect({ Container: id, Force: true });
}

function boundedSink(maxBytes: number) {
  const chunks: Array<Buffer> = [];
  let size = 0;
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    if (size >= maxBytes) return;
    chunks.push(chunk.subarray(0, maxBytes - size));
    size += chunk.length;
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Docker's multiplexed log format: 8-byte header (stream, 0,0,0, size BE32) then payload. */
export function demuxBuffer(buffer: Buffer): string {
  let out = "";
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if (type === undefined || type > 2 || offset + 8 + size > buffer.length) {
      // Not multiplexed (TTY container): return as-is.
      return buffer.toString("utf8");
    }
    out += buffer.subarray(offset + 8, offset + 8 + size).toString("utf8");
    offset += 8 + size;
  }
  return out;
}

async function ignoreNotFound(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return;
    throw error;
  }
}

/**
 * A running container's memory in use, as `docker stats` shows it: the cgroup's usage minus the inactive page cache
 * (cgroup v2 `inactive_file`, v1 `total_inactive_file`), which the kernel reclaims first. Null when not running.
 */
export async function containerMemoryBytes(conn: DockerConnection, id: string): Promise<number | null> {
  const stats = (await conn.docker.getContainer(id).stats({ stream: false })) as {
    memory_stats?: { usage?: number; stats?: Record<string, number> };
  };
  const usage = stats.memory_stats?.usage;
  if (usage === undefined) return null;
  const s = stats.memory_stats?.stats ?? {};
  return usage - (s["inactive_file"] ?? s["total_inactive_file"] ?? 0);
}
