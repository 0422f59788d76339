/**
 * `clusterlab images build [--offline] [--only <name>]`: for each image, hash its inputs; if
 * `clusterlab/<name>:<hash>` exists, only make sure `:latest` points at it; otherwise build it (online:
 * Dockerfile FROM a locally present debian:bookworm-slim; offline: debootstrap + docker import).
 */
import fs from "node:fs";
import path from "node:path";
import { pack } from "tar-stream";
import type { DockerConnection } from "@/lib/runtime/docker/client";
import { buildImageFromContext, imageExists, tagImage } from "@/lib/runtime/docker/import-image";
import { getEnv } from "@/lib/env";
import { LABEL_IMAGE_HASH } from "@/lib/runtime/labels";
import { IMAGE_CATALOG, IMAGE_NAMES, imageRepository, type ImageDefinition, type ImageName } from "./catalog";
import { ONLINE_BASE_IMAGE, renderDockerfile } from "./dockerfile";
import { imageHash, sourcePath, type InputOptions } from "./inputs";
import { buildOffline, checkOfflinePrerequisites, DEFAULT_MIRROR } from "./offline-build";

export type BuildEvent =
  | { kind: "skipped"; image: ImageName; tag: string }
  | { kind: "building"; image: ImageName; tag: string; mode: "online" | "offline" }
  | { kind: "line"; image: ImageName | "base"; line: string }
  | { kind: "built"; image: ImageName; tag: string; elapsedMs: number };

export type BuildOptions = {
  offline?: boolean;
  only?: Array<ImageName>;
  /** Rebuild even when the hash tag exists. */
  force?: boolean;
  /** Where the offline base rootfs is cached (default <data dir>/images). */
  cacheDir: string;
  mirror?: string;
  /** FROM image of the online path (default debian:bookworm-slim); must already be on the engine. */
  onlineBase?: string;
  inputs?: InputOptions;
  onEvent?: (event: BuildEvent) => void;
  signal?: AbortSignal;
};

export type BuildResult = Array<{ image: ImageName; tag: string; hash: string; built: boolean }>;

export class ImageBuildError extends Error {
  override name = "ImageBuildError";
}

export async function buildImages(conn: DockerConnection, options: BuildOptions): Promise<BuildResult> {
  const {
    offline = false,
    only,
    force = false,
    inputs = {},
    onEvent = () => {},
    onlineBase = ONLINE_BASE_IMAGE,
  } = options;
  const names = only && only.length > 0 ? only : [...IMAGE_NAMES];
  // Hash everything first: a missing input (e.g. the carbon-node bundle) fails before any slow work.
  const plan = names.map((name) => {
    const definition = IMAGE_CATALOG[name];
    const hash = imageHash(definition, inputs);
    return { definition, hash, tag: `${imageRepository(name)}:${hash}` };
  });
  const toBuild: typeof plan = [];
  for (const item of plan) {
    if (!force && (await imageExists(conn, item.tag)))
      onEvent({ kind: "skipped", image: item.definition.name, tag: item.tag });
    else toBuild.push(item);
  }
  if (toBuild.length > 0) {
    if (offline) checkOfflinePrerequisites();
    else if (!(await imageExists(conn, onlineBase))) {
      throw new ImageBuildError(
        `${onlineBase} is not on this Docker engine and ClusterLab never pulls from a registry. ` +
          `Either \`docker pull ${onlineBase}\` yourself and run again, or build without any registry: \`clusterlab images build --offline\`.`,
      );
    }
  }
  const results: BuildResult = [];
  for (const { definition, hash, tag } of plan) {
    const build = toBuild.some((item) => item.tag === tag);
    if (build) {
      const started = Date.now();
      onEvent({ kind: "building", image: definition.name, tag, mode: offline ? "offline" : "online" });
      const labels = { [LABEL_IMAGE_HASH]: hash };
      if (offline) {
        await buildOffline(
          conn,
          definition,
          { tag, labels, inputs },
          {
            cacheDir: options.cacheDir,
            mirror: options.mirror ?? DEFAULT_MIRROR,
            signal: options.signal,
            onLine: (line) =>
              onEvent({ kind: "line", image: line.startsWith("base:") ? "base" : definition.name, line }),
          },
        );
      } else {
        await buildImageFromContext(conn, onlineContext(definition, inputs, onlineBase), {
          tag,
          dockerfile: `images/${definition.name}/Dockerfile`,
          labels,
          onLine: (line) => onEvent({ kind: "line", image: definition.name, line }),
        });
      }
      onEvent({ kind: "built", image: definition.name, tag, elapsedMs: Date.now() - started });
    }
    await tagImage(conn, tag, `${imageRepository(definition.name)}:${getEnv().CLUSTERLAB_IMAGE_TAG}`);
    results.push({ image: definition.name, tag, hash, built: build });
  }
  return results;
}

/** The build context: the generated Dockerfile plus exactly the files it COPYs, at their repo paths. */
function onlineContext(definition: ImageDefinition, inputs: InputOptions, base: string) {
  const tar = pack();
  const entries: Array<{ name: string; content: Buffer; mode: number }> = [
    {
      name: `images/${definition.name}/Dockerfile`,
      content: Buffer.from(renderDockerfile(definition, base)),
      mode: 0o644,
    },
    ...definition.files.map((f) => ({
      name: f.source,
      content: fs.readFileSync(sourcePath(f.source, f.missingHint, inputs)),
      mode: f.mode,
    })),
    { name: definition.setup, content: fs.readFileSync(sourcePath(definition.setup, undefined, inputs)), mode: 0o755 },
  ];
  // The tar is small: write it all, then finalize; the engine reads it as it streams.
  for (const entry of entries) tar.entry({ name: entry.name, mode: entry.mode }, entry.content);
  tar.finalize();
  return tar;
}

/** Write images/<name>/Dockerfile for every image (the committed copies of the online path). */
export function writeDockerfiles(root: string): Array<string> {
  return IMAGE_NAMES.map((name) => {
    const file = path.join(root, "images", name, "Dockerfile");
    fs.writeFileSync(file, renderDockerfile(IMAGE_CATALOG[name]));
    return file;
  });
}
