/**
 * The files of a workspace the console shows and edits: the same listing the lab engine hashes (regular
 * files only, symlinks and `.clusterlab/` skipped), with the editor language each one gets.
 */
import { listFiles } from "@/lib/labs/files";
import type { EditorLanguage } from "./state-schema";

export type { EditorLanguage };

export type WorkspaceFile = { path: string; language: EditorLanguage };

export function editorLanguage(file: string): EditorLanguage {
  const name = file.toLowerCase();
  if (name.endsWith(".toml")) return "toml";
  if (name.endsWith(".xml")) return "xml";
  if (name.endsWith(".sql")) return "sql";
  if (name.endsWith(".properties")) return "properties";
  if (name.endsWith("nginx.conf") || name.endsWith(".conf")) return "nginx";
  return "text";
}

export function describeWorkspaceFiles(workspace: string): Array<WorkspaceFile> {
  return listFiles(workspace).map((p) => ({ path: p, language: editorLanguage(p) }));
}
