/**
 * Password hashing for classroom accounts. Argon2id through @node-rs/argon2 (prebuilt binaries shipped inside the
 * npm package, so it installs offline), with OWASP's recommended setting m=19 MiB, t=2, p=1 (security review M7:
 * the library defaults, m=4 MiB t=3, are below OWASP's minimum). The encoded hash carries its parameters, so
 * older hashes still verify and are re-hashed at the next successful sign-in (needsRehash).
 * Every hash and verify goes through one work limiter (./work-limiter.ts): a flood answers 503, not a stalled server.
 */
import { hash, parseOptions, verify } from "@node-rs/argon2";
import { z } from "zod";
import { createWorkLimiter } from "./work-limiter";

export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Algorithm.Argon2id in @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/**
 * libuv runs hashes on its 4-thread pool: 4 at once, 32 waiting (≈ 36 × 19 MiB at most), and a refused request is
 * told to retry after 2 s. Per process; several instances each get their own.
 */
const passwordWork = createWorkLimiter({ concurrency: 4, queue: 32, retryAfterSeconds: 2 });

/** Long enough to resist guessing, short enough that hashing a hostile input stays cheap. */
export const passwordSchema = z
  .string({ error: "password must be a string" })
  .min(10, "password must be at least 10 characters")
  .max(256, "password must be at most 256 characters");

/** Throws WorkSaturatedError when too many hashes are already running or waiting. */
export async function hashPassword(password: string): Promise<string> {
  return passwordWork.run(() => hash(password, ARGON2_PARAMETERS));
}

/**
 * False for a wrong password and for a hash this library cannot read. Throws WorkSaturatedError only when the
 * server is saturated (the caller answers 503: not the user's failure).
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordWork.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** True when a stored hash was made with other parameters than today's (then the next sign-in re-hashes it). */
export function needsRehash(passwordHash: string): boolean {
  try {
    const options = parseOptions(passwordHash);
    return (
      options.algorithm !== ARGON2ID ||
      options.memoryCost !== ARGON2_PARAMETERS.memoryCost ||
      options.timeCost !== ARGON2_PARAMETERS.timeCost ||
      options.parallelism !== ARGON2_PARAMETERS.parallelism
    );
  } catch {
    return true;
  }
}

/**
 * A fixed hash to verify against when the email is unknown, so a login for a missing account takes as
 * long as one with a wrong password (no account enumeration by timing). Same parameters as real hashes.
 */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hash("clusterlab-decoy-password-never-valid", ARGON2_PARAMETERS);
  return decoyHash;
}
