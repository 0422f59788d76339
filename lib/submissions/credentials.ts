/**
 * The CLI's classroom login: which course server to submit to and the learner's personal API token.
 * Stored in <data dir>/classroom.json with mode 0600 (the token is a password-equivalent).
 */
import fs from "node:fs";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-file";

/** http:// only to this machine (tests, a local classroom server); anywhere else the token would travel in clear (L8). */
function secureOrLoopback(value: string): boolean {
  if (/^https:\/\//i.test(value)) return true;
  if (!/^http:\/\//i.test(value)) return false;
  const host = new URL(value).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const serverUrlSchema = z
  .url({ error: "the server must be an https:// URL, e.g. https://course.example" })
  .refine(
    secureOrLoopback,
    "the server must be an https:// URL, e.g. https://course.example (http:// is accepted only for this machine: 127.0.0.1 or localhost), because the token is sent with every request",
  )
  .transform((value) => value.replace(/\/+$/, ""));

export const credentialsSchema = z.strictObject({
  server: serverUrlSchema,
  token: z
    .string()
    .regex(/^clt_[A-Za-z0-9_-]{43}$/, "a personal token looks like clt_ followed by 43 letters, digits, - or _"),
  email: z.string().optional(),
  savedAt: z.iso.datetime(),
});
export type ClassroomCredentials = z.infer<typeof credentialsSchema>;

export class CredentialsError extends Error {
  override name = "CredentialsError";
}

export function readCredentials(file: string): ClassroomCredentials | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CredentialsError(
      `Cannot read ${file}: ${(error as Error).message}. Check its permissions, or run \`clusterlab login\` again.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CredentialsError(
      `${file} is not valid JSON. Delete it and run \`clusterlab login --server <url> --token <token>\` again.`,
    );
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    throw new CredentialsError(
      `${file} is not a ClusterLab login (${parsed.error.issues[0]?.message}). Run \`clusterlab login\` again.`,
    );
  }
  return parsed.data;
}

export function writeCredentials(file: string, credentials: ClassroomCredentials): void {
  writeFileAtomic(file, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
}

export function removeCredentials(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
