/**
 * Build images without any registry: a root filesystem (a folder, or files we assemble) is packed
 * into a tar stream and handed to the engine's import endpoint (`docker import`). This is how every
 * base image of ClusterLab is made offline (see docs/decisions/0003-runtime-labels-and-docker-ownership.md).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Readable } from "node:stream";
import { pack, type Pack } from "tar-stream";
import { LABEL_IMAGE_HASH } from "../labels";
import type { DockerConnection } from "./client";

export type ImportOptions = {
  /** repo:tag */
  tag: string;
  /** Dockerfile-like instructions applied on import, e.g. `CMD ["sh"]`, `LABEL k=v`. */
  changes?: Array<string>;
};

/** Import a tar stream as an image. Resolves when the engine has finished. */
export async function importImageFromTar(
  conn: DockerConnection,
  tar: Readable | Pack,
  { tag, changes = [] }: ImportOptions,
): Promise<void> {
  const [repo, version = "latest"] = splitTag(tag);
  const stream = await conn.docker.importImage(tar as unknown as string, { repo, tag: version, changes } as object);
  await new Promise<void>((resolve, reject) => {
    conn.docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (error) reject(error);
      else if (failed) reject(new Error(`docker import of ${tag} failed: ${failed.error}`));
      else resolve();
    });
  });
}

export async function imageExists(conn: DockerConnection, tag: string): Promise<boolean> {
  try {
    await conn.docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Where Debian's busybox-static lives; `apt-get install busybox-static` provides it. */
export const BUSYBOX_PATH = "/bin/busybox";

/**
 * A tiny image made of the host's statically linked busybox and its applet links: enough for
 * `sh`, `nc`, `wget`, `getent`-style name checks. 1-2 MB, built in about a second, no registry.
 */
export async function buildBusyboxImage(
  conn: DockerConnection,
  tag = "clusterlab/busybox:local",
  busybox = BUSYBOX_PATH,
): Promise<string> {
  if (!fs.existsSync(busybox)) {
    throw new Error(
      `${busybox} not found: install Debian's busybox-static (apt-get install busybox-static) and try again.`,
    );
  }
  const fileInfo = execFileSync("file", ["-b", busybox], { encoding: "utf8" });
  if (!/static/.test(fileInfo)) {
    throw new Error(`${busybox} is not statically linked (${fileInfo.trim()}): install busybox-static, not busybox.`);
  }
  const applets = execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
  const tar = pack();
  // Start the import first: the engine must consume the tar while we write it, or pack() back-pressure stalls.
  const imported = importImageFromTar(conn, tar, {
    tag,
    changes: ['CMD ["sh"]', `LABEL ${LABEL_IMAGE_HASH}=busybox`, "ENV PATH=/bin"],
  });
  await addEntry(tar, { name: "bin/busybox", mode: 0o755 }, fs.readFileSync(busybox));
  for (const applet of applets) {
    if (applet === "busybox") continue;
    await addEntry(tar, { name: `bin/${applet}`, type: "symlink", linkname: "busybox" });
  }
  await addEntry(tar, { name: "tmp/", type: "directory", mode: 0o1777 });
  await addEntry(tar, { name: "etc/hosts", mode: 0o644 }, Buffer.from("127.0.0.1 localhost\n"));
  tar.finalize();
  await imported;
  return tag;
}

function addEntry(tar: Pack, header: Parameters<Pack["entry"]>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (error?: Error | null) => (error ? reject(error) : resolve());
    if (body) tar.entry(header, body, cb);
    else tar.entry(header, cb);
  });
}

function splitTag(tag: string): [string, string | undefined] {
  const slash = tag.lastIndexOf("/");
  const colon = tag.lastIndexOf(":");
  return colon > slash ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, undefined];
}

/** Add `repo:tag` to an existing image (e.g. `:latest` next to `:<hash>`). */
export async function tagImage(conn: DockerConnection, source: string, target: string): Promise<void> {
  const [repo, tag = "latest"] = splitTag(target);
  await conn.docker.getImage(source).tag({ repo, tag });
}

/** The labels of a local image, or undefined when it is not present. */
export async function imageLabels(conn: DockerConnection, tag: string): Promise<Record<string, string> | undefined> {
  try {
    const info = await conn.docker.getImage(tag).inspect();
    return info.Config?.Labels ?? {};
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * `docker build` from a tar build context (Dockerfile at `dockerfile` inside it). Never pulls: the caller
 * checks the FROM image is present locally; `pull: false` keeps the engine from refreshing it.
 */
export async function buildImageFromContext(
  conn: DockerConnection,
  context: Readable | Pack,
  {
    tag,
    dockerfile,
    labels,
    onLine,
  }: { tag: string; dockerfile: string; labels: Record<string, string>; onLine?: (line: string) => void },
): Promise<void> {
  const stream = await conn.docker.buildImage(
    context as unknown as NodeJS.ReadableStream,
    {
      t: tag,
      dockerfile,
      labels,
      pull: false,
      rm: true,
      forcerm: true,
    } as object,
  );
  await new Promise<void>((resolve, reject) => {
    conn.docker.modem.followProgress(
      stream,
      (error: Error | null, output: Array<{ error?: string }>) => {
        const failed = output?.find((o) => o.error);
        if (error) reject(error);
        else if (failed) reject(new Error(`docker build of ${tag} failed: ${failed.error}`));
        else resolve();
      },
      (event: { stream?: string }) => {
        for (const line of (event.stream ?? "").split("\n")) if (line.trim()) onLine?.(line.trimEnd());
      },
    );
  });
}
