/**
 * Opaque bearer secrets: session ids (cookie) and personal API tokens (CLI). Only a SHA-256 of each is
 * stored, so a database leak does not hand out live sessions or tokens. A fast hash is enough here
 * because the secrets are 256 random bits (nothing to brute-force), unlike passwords.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const API_TOKEN_PREFIX = "clt_";
const SECRET_BYTES = 32;

export function generateSessionSecret(): string {
  return randomBytes(SECRET_BYTES).toString("base64url");
}

/** `clt_` + 43 base64url chars. The prefix lets secret scanners and humans recognise a leaked token. */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(SECRET_BYTES).toString("base64url")}`;
}

/** Shape check before any database lookup: anything else is rejected without touching the DB. */
export function looksLikeApiToken(value: string): boolean {
  return /^clt_[A-Za-z0-9_-]{43}$/.test(value);
}

export function looksLikeSessionSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The part of a token safe to show in a list ("clt_Ab12…") so a learner can tell tokens apart. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, API_TOKEN_PREFIX.length + 6);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
