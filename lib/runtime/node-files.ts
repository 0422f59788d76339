/**
 * Files put into a node before it starts. Both runtimes resolve NodeFile (inline content or a host
 * file) to bytes here; docker/ packs them into a tar for putArchive, process/ writes them under the node root.
 */
import fs from "node:fs/promises";
import { pack } from "tar-stream";
import { RuntimeError, type NodeFile } from "./types";

export type ResolvedFile = { path: string; content: Buffer; mode: number };

export async function resolveFiles(files: Array<NodeFile>): Promise<Array<ResolvedFile>> {
  return Promise.all(
    files.map(async (file) => {
      const mode = file.mode ?? 0o644;
      if ("content" in file) return { path: file.path, content: Buffer.from(file.content), mode };
      try {
        return { path: file.path, content: await fs.readFile(file.hostPath), mode };
      } catch (error) {
        throw new RuntimeError(
          `Cannot read ${file.hostPath} (for ${file.path}): ${(error as Error).message}. Check that the workspace file exists.`,
          "invalid-topology",
        );
      }
    }),
  );
}

/**
 * A tar of the files, owned by root with every write bit cleared (0444, or 0555 for executables): the node
 * can read its configuration but not change it, whether it runs as a non-root user (our images) or as
 * root without CAP_DAC_OVERRIDE (all capabilities are dropped). The workspace on the host is the source of truth.
 */
export async function filesTar(files: Array<ResolvedFile>): Promise<Buffer> {
  const tar = pack();
  const chunks: Array<Buffer> = [];
  tar.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    tar.on("end", resolve);
    tar.on("error", reject);
  });
  for (const file of files) {
    await new Promise<void>((resolve, reject) =>
      tar.entry(
        { name: file.path.replace(/^\/+/, ""), mode: file.mode & 0o555, uid: 0, gid: 0, mtime: new Date(0) },
        file.content,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}
