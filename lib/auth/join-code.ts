/**
 * Cohort join codes: short enough to read out in a classroom, drawn from an alphabet without
 * look-alike characters (no 0/O, 1/I/L), 8 characters ≈ 40 bits. Guessing is also rate-limited: JOIN_POLICY in
 * ./rate-limit.ts (failures per user and per address, counted in the database by lib/progress/join-attempts.ts).
 */
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 8;

export function generateJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Accepts what people type ("abcd-efgh", spaces) and returns the canonical code, or undefined. */
export function normaliseJoinCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== JOIN_CODE_LENGTH) return undefined;
  for (const char of code) if (!ALPHABET.includes(char)) return undefined;
  return code;
}
