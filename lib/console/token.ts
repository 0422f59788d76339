/**
 * The per-process console token: minted once per server process, handed to the lab page it renders, and
 * required on every console API call. A page from another origin cannot read it (same-origin policy), so it
 * cannot drive the console even if it can make the browser send a request to 127.0.0.1.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import { randomBytes, timingSafeEqual } from "node:crypto";
import { processSingleton } from "./process-state";

export const CONSOLE_TOKEN_HEADER = "x-clusterlab-console-token";

export function consoleToken(): string {
  return processSingleton("token", () => randomBytes(32).toString("base64url"));
}

/** Constant-time comparison; anything that is not a string of the right length is refused. */
export function tokenMatches(candidate: string | null | undefined, expected: string = consoleToken()): boolean {
  if (typeof candidate !== "string") return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
