import { expect, test } from "vitest";
import { hashPassword, passwordSchema, verifyPassword } from "./password";

test("a hashed password verifies, a different one does not, and the hash is argon2id", async () => {
  const stored = await hashPassword("correct horse battery");
  expect(stored).toMatch(/^\$argon2id\$/);
  expect(stored).not.toContain("correct horse battery");
  expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
  expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
});

test("an unreadable stored hash is a failed login, not an exception", async () => {
  expect(await verifyPassword("not-a-hash", "whatever-password")).toBe(false);
});

test("the password policy explains what is wrong", () => {
  expect(passwordSchema.safeParse("short").error?.issues[0]?.message).toMatch(/at least 10/);
  expect(passwordSchema.safeParse("x".repeat(257)).success).toBe(false);
  expect(passwordSchema.safeParse(42).success).toBe(false);
});
