/** Personal API tokens for the CLI. The secret is returned once by createApiToken; only its hash is stored. */
import { generateApiToken, hashSecret, looksLikeApiToken, tokenDisplayPrefix } from "@/lib/auth/secrets";
import { toAccountUser, type AccountUser } from "./accounts";
import type { ClassroomDb } from "./db-types";

export type TokenSummary = {
  id: string;
  name: string;
  displayPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** A learner has at most this many live tokens (one per machine is the intent). */
export const MAX_LIVE_TOKENS = 20;

export class TokenLimitError extends Error {
  override name = "TokenLimitError";
}

export async function createApiToken(
  db: ClassroomDb,
  userId: string,
  name: string,
): Promise<{ token: string; summary: TokenSummary }> {
  const live = await db.apiToken.count({ where: { userId, revokedAt: null } });
  if (live >= MAX_LIVE_TOKENS)
    throw new TokenLimitError(
      `You already have ${live} active tokens. Revoke one you no longer use, then create a new one.`,
    );
  const token = generateApiToken();
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: hashSecret(token), displayPrefix: tokenDisplayPrefix(token) },
    select: { id: true, name: true, displayPrefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return { token, summary: row };
}

export async function listApiTokens(db: ClassroomDb, userId: string): Promise<Array<TokenSummary>> {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, displayPrefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Only the owner can revoke; returns false when no live token of theirs has that id. */
export async function revokeApiToken(db: ClassroomDb, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await db.apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return result.count > 0;
}

/** The user a bearer token belongs to, or undefined for a malformed, unknown or revoked token. */
export async function findTokenUser(
  db: ClassroomDb,
  token: string,
): Promise<(AccountUser & { tokenId: string; lastUsedAt: Date | null }) | undefined> {
  if (!looksLikeApiToken(token)) return undefined;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true } },
    },
  });
  if (!row || row.revokedAt) return undefined;
  return { ...toAccountUser(row.user), tokenId: row.id, lastUsedAt: row.lastUsedAt };
}

const TOUCH_INTERVAL_MS = 60_000;

/**
 * Whether a token last used at `lastUsedAt` is due a lastUsedAt write at `now`: undefined when it was written less
 * than TOUCH_INTERVAL_MS ago, else the time a stored lastUsedAt must be older than for the write to happen (the
 * database re-checks it, so concurrent requests write once). Shared by touchApiToken and submission-store.ts.
 */
export function touchStaleBefore(lastUsedAt: Date | null, now: Date): Date | undefined {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return undefined;
  return new Date(now.getTime() - TOUCH_INTERVAL_MS);
}

/**
 * lastUsedAt is advisory ("used 2 minutes ago"): written at most once a minute per token, so a CLI flushing a
 * queue does not turn every submission into an extra write. `lastUsedAt` is what findTokenUser just read.
 */
export async function touchApiToken(
  db: ClassroomDb,
  tokenId: string,
  lastUsedAt: Date | null,
  now: Date,
): Promise<void> {
  const staleBefore = touchStaleBefore(lastUsedAt, now);
  if (!staleBefore) return;
  await db.apiToken.updateMany({
    where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}
