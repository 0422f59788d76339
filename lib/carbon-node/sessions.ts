/**
 * HTTP sessions kept in this node's memory only, like a Carbon node without session replication:
 * behind a non-sticky load balancer the counter resets as requests hop between nodes (facts §1, §8).
 */
import { randomBytes } from "node:crypto";

export type Session = { id: string; count: number; createdAt: number; lastAccess: number };

/** Tomcat's default session timeout, 30 minutes. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const MAX_SESSIONS = 10_000;

export function newSessionId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export type SessionStore = {
  /** Touch (and count) the session with this id, or create one. */
  hit(id: string | undefined): { session: Session; isNew: boolean };
  size(): number;
};

export function createSessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, Session>();
  function evict(): void {
    const t = now();
    for (const [id, s] of sessions) if (t - s.lastAccess > SESSION_TIMEOUT_MS) sessions.delete(id);
    while (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
  }
  return {
    hit(id) {
      const t = now();
      const existing = id ? sessions.get(id) : undefined;
      if (existing && t - existing.lastAccess <= SESSION_TIMEOUT_MS) {
        existing.count += 1;
        existing.lastAccess = t;
        return { session: existing, isNew: false };
      }
      evict();
      const session: Session = { id: newSessionId(), count: 1, createdAt: t, lastAccess: t };
      sessions.set(session.id, session);
      return { session, isNew: true };
    },
    size: () => sessions.size,
  };
}
