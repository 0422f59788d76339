/**
 * The session cookie. httpOnly (scripts cannot read it), Secure (browsers treat http://localhost and
 * 127.0.0.1 as secure contexts, so this also works for a local classroom server), SameSite=Strict
 * (never sent on cross-site requests: the first CSRF layer, see csrf.ts), Path=/.
 */
export const SESSION_COOKIE = "clusterlab_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function serializeSessionCookie(secret: string, expiresAt: Date): string {
  return [
    `${SESSION_COOKIE}=${secret}`,
    "Path=/",
    "HttpOnly",
    "Secure",
    "SameSite=Strict",
    `Expires=${expiresAt.toUTCString()}`,
  ].join("; ");
}

export function serializeClearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/** Reads one cookie from a Cookie header without a parser dependency; undefined when absent. */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
