/**
 * A node's `fstab` in the workspace: which shares of the lab's file server (host `nfs`) the node mounts,
 * and where — the same line a system administrator writes into /etc/fstab to put WSO2's artifact folders
 * on NFS (IS deployment pattern 1, step 6). The lab engine reads it; it is not copied into the node.
 *
 *   # <file system>    <mount point>                                               <type> <options> <dump> <pass>
 *   nfs:/userstores     /opt/clusterlab/carbon/repository/deployment/server/userstores  nfs   defaults  0 0
 *
 * Docker (20.10) mounts whole volumes only, so a line names a whole share (`nfs:/<share>`), not a subfolder.
 * Options: `ro` mounts read-only; `rw`, `defaults` and the usual NFS options (hard, soft, noatime, _netdev,
 * nfsvers=…, vers=…, timeo=…, retrans=…) are accepted and change nothing here.
 * See docs/decisions/0012-shared-folders-and-fstab.md.
 */
import fs from "node:fs";
import path from "node:path";
import { ROLE_HOMES, type NodeMount, type NodeRole } from "@/lib/runtime/types";
import { listFiles } from "./files";
import type { Diagnostic } from "@/lib/wso2-config/model";

/** The file a node folder may hold, at its top level. */
export const FSTAB_FILE = "fstab";
/** The lab network's name for the file server the shares come from. */
export const FILE_SERVER_HOST = "nfs";

const NFS_TYPES = new Set(["nfs", "nfs4"]);
const NEUTRAL_OPTIONS =
  /^(defaults|rw|hard|soft|intr|noatime|nodiratime|relatime|_netdev|auto|noauto|nofail|sync|async|(nfsvers|vers|timeo|retrans|rsize|wsize|proto|port)=[A-Za-z0-9.]+)$/;

export type FstabInput = {
  /** The file's path in the workspace, for diagnostics (e.g. `node1/fstab`). */
  file: string;
  text: string;
  /** The node's home (mount points must be inside it, so a lab never hides the node's own programs). */
  home: string;
  /** Shares the lab's file server exports. */
  shares: ReadonlyArray<string>;
  /**
   * Absolute paths (inside the node) of the files the workspace puts into it. A share mounted over one of their
   * folders would hide them (docker/: the files would land in the shared volume, one node's configuration
   * overwriting another's), so such a mount point is an error.
   */
  nodeFiles?: ReadonlyArray<string>;
};

export type FstabResult = { mounts: Array<NodeMount>; diagnostics: Array<Diagnostic> };

/** Is `inner` the folder `outer` or inside it? */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

export function parseFstab({ file, text, home, shares, nodeFiles = [] }: FstabInput): FstabResult {
  const mounts: Array<NodeMount> = [];
  const diagnostics: Array<Diagnostic> = [];
  const root = home.replace(/\/+$/, "");
  const exported =
    shares.length > 0
      ? shares.map((s) => `${FILE_SERVER_HOST}:/${s}`).join(", ")
      : "none (this lab has no file server)";
  const example = `${root}/repository/deployment/server/userstores`;
  const problem = (line: number, column: number, code: string, message: string): void => {
    diagnostics.push({ severity: "error", code, file, line, column, message });
  };

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/#.*$/, "");
    // Each field with its own column (1-based), so a diagnostic points at the field it is about.
    const fields = [...content.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: (m.index ?? 0) + 1 }));
    if (fields.length === 0) return;
    const column = (n: number): number => fields[n]?.column ?? 1;
    if (fields.length < 3 || fields.length > 6) {
      problem(
        line,
        1,
        "fstab-syntax",
        `expected "<file system> <mount point> <type> [options] [dump] [pass]", found ${fields.length} field${fields.length === 1 ? "" : "s"}; e.g. "${FILE_SERVER_HOST}:/${shares[0] ?? "share"} ${example} nfs defaults 0 0".`,
      );
      return;
    }
    const [source = "", mountPoint = "", type = "", options = "defaults", dump = "0", pass = "0"] = fields.map(
      (f) => f.text,
    );

    const sourceMatch = /^([^:]+):(\/.*)$/.exec(source);
    const share = sourceMatch?.[2]?.replace(/^\/+|\/+$/g, "") ?? "";
    if (!sourceMatch || sourceMatch[1] !== FILE_SERVER_HOST) {
      problem(
        line,
        column(0),
        "fstab-source",
        `"${source}" is not a share of the lab's file server; write ${FILE_SERVER_HOST}:/<share>. It exports: ${exported}.`,
      );
    } else if (share.includes("/")) {
      problem(
        line,
        column(0),
        "fstab-source",
        `"${source}" mounts a folder inside a share; the lab runtime mounts whole shares only: use ${FILE_SERVER_HOST}:/${share.split("/")[0] ?? ""} and mount it where that folder should appear.`,
      );
    } else if (!shares.includes(share)) {
      problem(
        line,
        column(0),
        "fstab-unknown-share",
        `the file server exports no share "${share}". It exports: ${exported}.`,
      );
    }

    const normalised = path.posix.normalize(mountPoint).replace(/\/+$/, "");
    const hidden = nodeFiles.filter((f) => within(f, normalised));
    const overlapping = mounts.find((m) => within(m.path, normalised) || within(normalised, m.path));
    if (!mountPoint.startsWith("/") || mountPoint.split("/").includes("..")) {
      problem(
        line,
        column(1),
        "fstab-mount-point",
        `mount point "${mountPoint}" must be an absolute path without "..", e.g. ${example}.`,
      );
    } else if (normalised === root) {
      problem(
        line,
        column(1),
        "fstab-mount-point",
        `mount point "${mountPoint}" is the node's home itself: mount shares on folders inside it, e.g. ${example}.`,
      );
    } else if (!within(normalised, root)) {
      problem(
        line,
        column(1),
        "fstab-mount-point",
        `mount point "${mountPoint}" is outside this node's home ${root}: mount shares on folders inside it.`,
      );
    } else if (overlapping?.path === normalised) {
      problem(line, column(1), "fstab-duplicate", `"${normalised}" is mounted twice; keep one line for it.`);
    } else if (overlapping) {
      problem(
        line,
        column(1),
        "fstab-nested",
        `"${normalised}" and "${overlapping.path}" (an earlier line) are inside one another; mount each share on its own folder, side by side.`,
      );
    } else if (hidden.length > 0) {
      const names = hidden.map((f) => f.slice(root.length + 1));
      problem(
        line,
        column(1),
        "fstab-hides-files",
        `mounting a share on "${normalised}" would hide this node's own ${names.length === 1 ? "file" : "files"} ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""} from the workspace; mount it on a folder that holds none, e.g. ${example}.`,
      );
    }

    if (!NFS_TYPES.has(type))
      problem(
        line,
        column(2),
        "fstab-type",
        `file system type "${type}": the lab's file server speaks NFS; write nfs (or nfs4).`,
      );

    const opts = options.split(",").filter((o) => o !== "");
    const unknown = opts.filter((o) => o !== "ro" && !NEUTRAL_OPTIONS.test(o));
    if (unknown.length > 0) {
      problem(
        line,
        column(3),
        "fstab-options",
        `unknown mount option${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}; use defaults (read-write) or ro (read-only).`,
      );
    } else if (opts.includes("ro") && opts.includes("rw")) {
      problem(
        line,
        column(3),
        "fstab-options",
        `both ro and rw: choose one (rw, or defaults, to deploy on this node; ro to only read).`,
      );
    }
    if (!/^\d$/.test(dump) || !/^\d$/.test(pass))
      problem(line, column(4), "fstab-syntax", `the dump and pass fields are single digits (write 0 0).`);

    if (diagnostics.some((d) => d.line === line)) return;
    mounts.push({ share, path: normalised, readOnly: opts.includes("ro") });
  });

  return { mounts, diagnostics };
}

/**
 * The node's fstab in the workspace, parsed against the node's other workspace files (no fstab: no mounts).
 * `node.config` is its workspace folder.
 */
export function readNodeFstab(
  workspace: string,
  node: { config: string; role: NodeRole },
  shares: ReadonlyArray<string>,
): FstabResult {
  const file = path.posix.join(node.config.split(path.sep).join("/"), FSTAB_FILE);
  const folder = path.join(workspace, node.config);
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, FSTAB_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { mounts: [], diagnostics: [] };
    // A folder named fstab, or a file we may not read: never silently "no mounts".
    const why = (error as NodeJS.ErrnoException).code === "EISDIR" ? "it is a folder" : (error as Error).message;
    return {
      mounts: [],
      diagnostics: [
        {
          severity: "error",
          code: "fstab-unreadable",
          file,
          line: 0,
          column: 0,
          message: `cannot read the fstab: ${why}; it must be a text file of mount lines.`,
        },
      ],
    };
  }
  const home = ROLE_HOMES[node.role];
  const nodeFiles = listFiles(folder)
    .filter((relative) => relative !== FSTAB_FILE)
    .map((relative) => path.posix.join(home, relative.split(path.sep).join("/")));
  return parseFstab({ file, text, home, shares, nodeFiles });
}
