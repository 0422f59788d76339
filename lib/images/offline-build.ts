/**
 * The offline build path (air-gapped classrooms, CI): no container registry at all. One Debian
 * bookworm root filesystem is made with `debootstrap --variant=minbase` and cached under
 * <data dir>/images/; each image copies it, installs its Debian packages with `chroot … apt-get
 * install`, gets its files and setup script, drops apt caches, and is streamed as a tar into
 * `docker import` with the image's ENV/EXPOSE/WORKDIR/USER/ENTRYPOINT/LABEL changes.
 * Needs root (debootstrap, chroot, mount) and a Debian mirror (or a local one via --mirror).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DockerConnection } from "@/lib/runtime/docker/client";
import { importImageFromTar } from "@/lib/runtime/docker/import-image";
import type { ImageDefinition } from "./catalog";
import { importChanges } from "./dockerfile";
import { sourcePath, type InputOptions } from "./inputs";

export const DEFAULT_MIRROR = "http://deb.debian.org/debian";
const SUITE = "bookworm";
const COMPLETE_MARKER = ".clusterlab-base-complete";

export class OfflineBuildError extends Error {
  override name = "OfflineBuildError";
}

export type OfflineContext = {
  cacheDir: string;
  mirror: string;
  onLine: (line: string) => void;
  signal?: AbortSignal;
};

/** Fail early, with the fix, when this machine cannot run the offline path. */
export function checkOfflinePrerequisites(): void {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new OfflineBuildError(
      "`images build --offline` needs root (debootstrap, chroot and mount do): run it with sudo.",
    );
  }
  for (const tool of ["/usr/sbin/debootstrap", "/usr/sbin/chroot"]) {
    if (!fs.existsSync(tool)) {
      throw new OfflineBuildError(`${tool} not found: install it (\`apt-get install debootstrap\`) and try again.`);
    }
  }
}

export const DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

/**
 * debootstrap's arguments, with the Debian archive keyring named explicitly (L12): the Release file is then checked
 * against Debian's keys, not whatever keyring the host happens to default to, and an http:// mirror cannot swap
 * packages unnoticed. Without the keyring we refuse rather than build from unverified packages.
 */
export function debootstrapArgs(
  suite: string,
  target: string,
  mirror: string,
  keyring = DEBIAN_KEYRING,
): Array<string> {
  if (!fs.existsSync(keyring)) {
    throw new OfflineBuildError(
      `${keyring} not found: install Debian's archive keys (\`apt-get install debian-archive-keyring\`) so the packages can be verified, then try again.`,
    );
  }
  return ["--variant=minbase", `--keyring=${keyring}`, suite, target, mirror];
}

/** The cached base rootfs, made on first use (about a minute with a nearby mirror). */
export async function ensureBaseRootfs(ctx: OfflineContext): Promise<string> {
  const base = path.join(ctx.cacheDir, `base-${SUITE}`);
  if (fs.existsSync(path.join(base, COMPLETE_MARKER))) {
    ctx.onLine(`base: reusing ${base}`);
    return base;
  }
  const partial = `${base}.partial-${process.pid}`;
  await fs.promises.rm(base, { recursive: true, force: true });
  await fs.promises.mkdir(ctx.cacheDir, { recursive: true });
  ctx.onLine(`base: debootstrap --variant=minbase ${SUITE} from ${ctx.mirror} (about a minute)…`);
  await run("debootstrap", debootstrapArgs(SUITE, partial, ctx.mirror), ctx, "debootstrap");
  await fs.promises.writeFile(path.join(partial, COMPLETE_MARKER), `${new Date().toISOString()} ${ctx.mirror}\n`);
  // Another build may have finished its base meanwhile: keep the first one.
  if (fs.existsSync(path.join(base, COMPLETE_MARKER))) await fs.promises.rm(partial, { recursive: true, force: true });
  else await fs.promises.rename(partial, base);
  ctx.onLine(`base: ready at ${base}`);
  return base;
}

/** Build one image offline and import it as `tag` with `labels`. */
export async function buildOffline(
  conn: DockerConnection,
  definition: ImageDefinition,
  { tag, labels, inputs }: { tag: string; labels: Record<string, string>; inputs: InputOptions },
  ctx: OfflineContext,
): Promise<void> {
  const base = await ensureBaseRootfs(ctx);
  // Per-process work folder: two builds at once never share (or delete) each other's root.
  const root = path.join(ctx.cacheDir, `work-${definition.name}-${process.pid}`);
  const say = (line: string) => ctx.onLine(`${definition.name}: ${line}`);
  await removeBuildRoot(root);
  say("copying the base root filesystem");
  await run("cp", ["-a", base, root], ctx, "cp");
  const procDir = path.join(root, "proc");
  let procMounted = false;
  try {
    await fs.promises.rm(path.join(root, COMPLETE_MARKER), { force: true });
    // Keep package scripts from starting services inside the build root.
    await writeIn(root, "/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0o755);
    await fs.promises.copyFile("/etc/resolv.conf", path.join(root, "etc/resolv.conf")).catch(() => undefined);
    await writeIn(root, "/etc/apt/sources.list", `deb ${ctx.mirror} ${SUITE} main\n`, 0o644);
    for (const file of definition.preInstallFiles) await writeIn(root, file.target, file.content, 0o644);
    await run("mount", ["-t", "proc", "proc", procDir], ctx, "mount /proc");
    procMounted = true;
    say("apt-get update");
    await run("chroot", [root, "apt-get", "update", "-q"], ctx, "apt-get update");
    say(`apt-get install ${definition.packages.join(" ")}`);
    await run(
      "chroot",
      [
        root,
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "apt-get",
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        ...definition.packages,
      ],
      ctx,
      "apt-get install",
    );
    for (const file of definition.files) {
      await writeIn(
        root,
        file.target,
        await fs.promises.readFile(sourcePath(file.source, file.missingHint, inputs)),
        file.mode,
      );
    }
    await writeIn(
      root,
      "/tmp/clusterlab-setup.sh",
      await fs.promises.readFile(sourcePath(definition.setup, undefined, inputs)),
      0o755,
    );
    say("running setup.sh");
    await run("chroot", [root, "sh", "/tmp/clusterlab-setup.sh"], ctx, "setup.sh");
    await run("chroot", [root, "apt-get", "clean"], ctx, "apt-get clean");
  } finally {
    if (procMounted)
      await run("umount", [procDir], ctx, "umount /proc").catch(() =>
        run("umount", ["-l", procDir], ctx, "umount -l /proc"),
      );
  }
  // Leave no build-time traces in the image.
  for (const leftover of [
    "/tmp/clusterlab-setup.sh",
    "/usr/sbin/policy-rc.d",
    "/var/lib/apt/lists",
    "/var/cache/apt/archives",
    "/var/cache/apt/pkgcache.bin",
    "/var/cache/apt/srcpkgcache.bin",
  ]) {
    await fs.promises.rm(path.join(root, leftover), { recursive: true, force: true });
  }
  await fs.promises.mkdir(path.join(root, "var/lib/apt/lists/partial"), { recursive: true });
  await fs.promises.writeFile(path.join(root, "etc/resolv.conf"), "");
  say(`importing as ${tag}`);
  await importRootfs(conn, root, { tag, changes: importChanges(definition, labels) }, ctx);
  await removeBuildRoot(root);
}

/** rm -rf a build root, but never while something is mounted inside it (a recursive delete would follow into /proc). */
async function removeBuildRoot(root: string): Promise<void> {
  const mounts = (await fs.promises.readFile("/proc/mounts", "utf8").catch(() => ""))
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((mountPoint) => mountPoint === root || mountPoint.startsWith(`${root}/`));
  if (mounts.length > 0) {
    throw new OfflineBuildError(
      `${root} still has mounts (${mounts.join(", ")}): unmount them (\`umount ${mounts[0]}\`) and try again.`,
    );
  }
  await fs.promises.rm(root, { recursive: true, force: true });
}

/** tar the folder into `docker import`; the import starts first and consumes tar's stdout as it is written. */
async function importRootfs(
  conn: DockerConnection,
  root: string,
  options: { tag: string; changes: Array<string> },
  ctx: OfflineContext,
): Promise<void> {
  const tar = spawn(
    "tar",
    ["--numeric-owner", "-C", root, "--exclude=./proc/*", "--exclude=./sys/*", "--exclude=./dev/*", "-cf", "-", "."],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  tar.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => tar.once("close", (code) => resolve(code ?? 1)));
  const onAbort = () => tar.kill("SIGTERM");
  ctx.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await importImageFromTar(conn, tar.stdout, options);
    const code = await exited;
    if (code !== 0) throw new OfflineBuildError(`tar of ${root} failed (exit ${code}): ${stderr.trim()}`);
  } finally {
    ctx.signal?.removeEventListener("abort", onAbort);
  }
}

async function writeIn(root: string, target: string, content: string | Buffer, mode: number): Promise<void> {
  const file = path.join(root, target);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(file, content);
  await fs.promises.chmod(file, mode);
}

/** Run a program; on failure the error carries its last output lines. Output lines go nowhere unless verbose. */
function run(command: string, args: Array<string>, ctx: OfflineContext, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], signal: ctx.signal });
    const tail: Array<string> = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error) => reject(new OfflineBuildError(`${what} could not run: ${error.message}`)));
    child.once("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new OfflineBuildError(
            `${what} failed (exit ${code}). Last output:\n${tail.map((l) => `  | ${l}`).join("\n")}`,
          ),
        );
    });
  });
}

/**
 * The cached base rootfs as an image (`docker import`), e.g. to exercise the online Dockerfile path
 * on a machine with no registry: it stands in for debian:bookworm-slim (same suite, minbase variant).
 */
export async function importBaseRootfs(conn: DockerConnection, tag: string, ctx: OfflineContext): Promise<void> {
  const base = await ensureBaseRootfs(ctx);
  await importRootfs(
    conn,
    base,
    { tag, changes: ['CMD ["bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
    ctx,
  );
}
