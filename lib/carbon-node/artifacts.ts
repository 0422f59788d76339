/**
 * The node's deployment folder, `<carbon home>/repository/deployment/server` (userstores, eventpublishers,
 * webapps...): what WSO2 hot-deploys from and what IS deployment pattern 1, step 6 puts on a shared file
 * system so an artifact deployed on one node is deployed on every node (facts §7 "shared files").
 * The store reads and writes plain files there; whether another node sees them is up to the mounts.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const DEPLOYMENT_FOLDER = "repository/deployment/server";
const MAX_ARTIFACT = 256 * 1024;

/** `userstores/PRIMARY.xml`: 1-5 segments of letters, digits, `.`, `_`, `-`; never `.`/`..`. */
export const artifactPathSchema = z
  .string()
  .max(300)
  .regex(
    /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+){0,4}$/,
    "artifact paths look like userstores/SECONDARY.xml (1-5 parts of letters, digits, . _ -)",
  )
  .refine(
    (p) => !p.split("/").some((part) => part === "." || part === ".."),
    "'.' and '..' are not allowed in artifact paths",
  );
export const artifactBodySchema = z.object({
  content: z.string().max(MAX_ARTIFACT, "artifacts are at most 256 KiB here"),
});

export class ArtifactError extends Error {
  override name = "ArtifactError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type ArtifactRead =
  | { path: string; kind: "file"; content: string; bytes: number }
  | { path: string; kind: "folder"; entries: Array<string> };

export type ArtifactStore = {
  /** The deployment folder on this node, or null when the node runs without a Carbon home. */
  readonly folder: string | null;
  read(relative: string): Promise<ArtifactRead>;
  deploy(relative: string, content: string): Promise<{ path: string; bytes: number }>;
  /** Remove one file (never a folder). */
  undeploy(relative: string): Promise<{ path: string; removed: true }>;
};

/** In-flight writes of another deployment (see `deploy`): not artifacts, never listed. */
function isTempFile(name: string): boolean {
  return /^\..+\.[0-9a-f-]{36}\.tmp$/.test(name);
}

export function createArtifactStore(carbonHome: string | null): ArtifactStore {
  const folder = carbonHome ? path.join(carbonHome, DEPLOYMENT_FOLDER) : null;

  function locate(relative: string): string {
    if (!folder)
      throw new ArtifactError(
        409,
        "this node runs without a Carbon home (started from --config-json), so it has no deployment folder",
      );
    return path.join(folder, relative);
  }

  return {
    folder,
    async read(relative) {
      const file = locate(relative);
      try {
        const stat = await fs.stat(file);
        if (stat.isDirectory())
          return {
            path: relative,
            kind: "folder",
            entries: (await fs.readdir(file)).filter((n) => !isTempFile(n)).sort(),
          };
        const bytes = await fs.readFile(file);
        return { path: relative, kind: "file", content: utf8(bytes, relative), bytes: stat.size };
      } catch (error) {
        if (error instanceof ArtifactError) throw error;
        throw explain(error, `${DEPLOYMENT_FOLDER}/${relative}`, "read");
      }
    },
    async deploy(relative, content) {
      const file = locate(relative);
      // Write then rename: a node reading the shared folder never sees half a file. A name of its own per
      // write: two deployments of one file at once must not share a temp file.
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(temp, content);
        await fs.rename(temp, file);
      } catch (error) {
        // A failed write (disk full, the path is a folder) must not leave its temp file in the shared folder.
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw explain(error, `${DEPLOYMENT_FOLDER}/${relative}`, "write");
      }
      return { path: relative, bytes: Buffer.byteLength(content) };
    },
    async undeploy(relative) {
      const file = locate(relative);
      try {
        if ((await fs.stat(file)).isDirectory())
          throw new ArtifactError(
            409,
            `${DEPLOYMENT_FOLDER}/${relative} is a folder; undeploy the files in it one by one`,
          );
        await fs.rm(file);
      } catch (error) {
        if (error instanceof ArtifactError) throw error;
        throw explain(error, `${DEPLOYMENT_FOLDER}/${relative}`, "remove");
      }
      return { path: relative, removed: true };
    },
  };
}

/** The file as text; a binary artifact (a .war, a .car) is refused rather than returned corrupted. */
function utf8(bytes: Buffer, relative: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ArtifactError(
      415,
      `${DEPLOYMENT_FOLDER}/${relative} is not text (a binary artifact such as a .war); this API reads and deploys text artifacts only`,
    );
  }
}

export function explain(error: unknown, where: string, action: "read" | "write" | "remove"): ArtifactError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new ArtifactError(404, `no artifact at ${where} on this node`);
  if (code === "EROFS")
    return new ArtifactError(
      409,
      `cannot ${action} ${where}: the folder is on a read-only mount (ro in this node's fstab)`,
    );
  if (code === "EACCES" || code === "EPERM") {
    return new ArtifactError(
      403,
      `cannot ${action} ${where}: permission denied for the server's user (a share mounted on a folder the node's home does not have is owned by root; mount it on an existing folder such as ${DEPLOYMENT_FOLDER}/userstores)`,
    );
  }
  if (code === "EISDIR" || code === "ENOTDIR" || code === "EEXIST")
    return new ArtifactError(409, `cannot ${action} ${where}: a folder and a file have the same name there`);
  return new ArtifactError(500, `cannot ${action} ${where}: ${(error as Error).message}`);
}
