/**
 * `clusterlab images build [--offline] [--only <name>...] [--force] [--mirror <url>]`, `images list`,
 * `images dockerfiles`: thin wrappers over lib/images. Progress goes to stderr.
 * Exit codes: 0 success, 2 usage or environment error (no engine, not root for --offline, missing inputs).
 */
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { getEnv } from "@/lib/env";
import { buildImages, ImageBuildError, writeDockerfiles, type BuildEvent } from "@/lib/images/build";
import { IMAGE_CATALOG, IMAGE_NAMES, imageRepository, type ImageName } from "@/lib/images/catalog";
import { imageHash, MissingImageInputError, REPO_ROOT } from "@/lib/images/inputs";
import { OfflineBuildError } from "@/lib/images/offline-build";
import { connectDocker, DockerUnavailableError, pingDocker } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { EXIT_OK, runAction } from "../exit";
import { note } from "../output";

export function registerImagesCommands(program: Command): void {
  const images = program
    .command("images")
    .description("Build the lab images locally (no registry needed with --offline)");

  images
    .command("build")
    .description("Build clusterlab/carbon-node, nginx, postgres and mariadb; unchanged images are skipped")
    .option(
      "--offline",
      "build from Debian packages with debootstrap + docker import (no container registry; needs root)",
    )
    .option("--only <names...>", `only these images (${IMAGE_NAMES.join(", ")})`, parseNames)
    .option("--force", "rebuild even when an image with the same input hash exists")
    .option("--mirror <url>", "Debian mirror for --offline (default http://deb.debian.org/debian)")
    .action((opts: { offline?: boolean; only?: Array<ImageName>; force?: boolean; mirror?: string }) =>
      run(async () => {
        const conn = connectDocker(getEnv().DOCKER_HOST);
        await pingDocker(conn);
        const started = Date.now();
        const result = await buildImages(conn, {
          offline: opts.offline,
          only: opts.only,
          force: opts.force,
          mirror: opts.mirror,
          cacheDir: path.join(getEnv().CLUSTERLAB_DATA_DIR, "images"),
          onEvent: (event) => note(describeEvent(event)),
        });
        const built = result.filter((r) => r.built).length;
        note(
          `Done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${built} built, ${result.length - built} already up to date.`,
        );
        for (const r of result) process.stdout.write(`${r.tag}\n`);
        return EXIT_OK;
      }),
    );

  images
    .command("list")
    .description("Show each image's current input hash and whether it is built")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async () => {
        const conn = connectDocker(getEnv().DOCKER_HOST);
        await pingDocker(conn);
        const rows = [];
        for (const name of IMAGE_NAMES) {
          let hash: string | null = null;
          let problem: string | null = null;
          try {
            hash = imageHash(IMAGE_CATALOG[name]);
          } catch (error) {
            problem = error instanceof Error ? error.message : String(error);
          }
          const tag = hash ? `${imageRepository(name)}:${hash}` : null;
          rows.push({
            name,
            tag,
            upToDate: tag ? await imageExists(conn, tag) : false,
            latestPresent: await imageExists(conn, `${imageRepository(name)}:${getEnv().CLUSTERLAB_IMAGE_TAG}`),
            problem,
          });
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          for (const r of rows) {
            const state = r.problem
              ? `cannot hash: ${r.problem}`
              : r.upToDate
                ? "up to date"
                : r.latestPresent
                  ? "outdated (run `clusterlab images build`)"
                  : "not built";
            process.stdout.write(`${r.name.padEnd(12)} ${(r.tag ?? "-").padEnd(36)} ${state}\n`);
          }
        }
        return EXIT_OK;
      }),
    );

  images
    .command("dockerfiles")
    .description("Regenerate images/<name>/Dockerfile from lib/images/catalog.ts (the online build path)")
    .action(() =>
      run(async () => {
        for (const file of writeDockerfiles(REPO_ROOT)) note(`wrote ${path.relative(process.cwd(), file)}`);
        return EXIT_OK;
      }),
    );
}

function parseNames(value: string, previous: Array<ImageName> = []): Array<ImageName> {
  const names = value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(IMAGE_NAMES as ReadonlyArray<string>).includes(name)) {
      throw new InvalidArgumentError(`unknown image "${name}"; choose from ${IMAGE_NAMES.join(", ")}`);
    }
  }
  return [...previous, ...(names as Array<ImageName>)];
}

export function describeEvent(event: BuildEvent): string {
  switch (event.kind) {
    case "skipped":
      return `${event.image}: up to date (${event.tag})`;
    case "building":
      return `${event.image}: building ${event.tag} (${event.mode})`;
    case "line":
      return event.line.startsWith(`${event.image}:`) ? `  ${event.line}` : `  ${event.image}: ${event.line}`;
    case "built":
      return `${event.image}: built ${event.tag} in ${(event.elapsedMs / 1000).toFixed(0)} s`;
  }
}

/** Known failures (no engine, not root for --offline, missing inputs) become one message and exit 2. */
function run(action: () => Promise<number>): Promise<void> {
  return runAction(
    "images",
    [DockerUnavailableError, ImageBuildError, OfflineBuildError, MissingImageInputError],
    action,
  );
}
