/**
 * Password hashing for classroom accounts. Argon2id through @node-rs/argon2 (prebuilt binaries shipped
 * inside the npm package, so it installs offline). Parameters are the library defaults, which follow the
 * OWASP minimum (19 MiB, 2 iterations); the encoded hash carries them, so raising them later keeps old
 * hashes verifiable.
 */
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/** Long enough to resist guessing, short enough that hashing a hostile input stays cheap. */
export const passwordSchema = z
  .string({ error: "password must be a string" })
  .min(10, "password must be at least 10 characters")
  .max(256, "password must be at most 256 characters");

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a hash this library cannot read (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A fixed hash to verify against when the email is unknown, so a login for a missing account takes as
 * long as one with a wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hash("clusterlab-decoy-password-never-valid");
  return decoyHash;
}
