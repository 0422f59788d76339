import { expect, test } from "vitest";
import {
  constantTimeEqual,
  generateApiToken,
  generateSessionSecret,
  hashSecret,
  looksLikeApiToken,
  looksLikeSessionSecret,
  tokenDisplayPrefix,
} from "./secrets";

test("tokens are unique, recognisable and only their hash is derived for storage", () => {
  const a = generateApiToken();
  const b = generateApiToken();
  expect(a).not.toBe(b);
  expect(looksLikeApiToken(a)).toBe(true);
  expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
  expect(hashSecret(a)).not.toBe(hashSecret(b));
  expect(tokenDisplayPrefix(a)).toHaveLength(10);
});

test("malformed tokens and session ids are rejected by shape", () => {
  expect(looksLikeApiToken("clt_short")).toBe(false);
  expect(looksLikeApiToken(`xyz_${"a".repeat(43)}`)).toBe(false);
  expect(looksLikeApiToken(`clt_${"a".repeat(42)}'`)).toBe(false);
  expect(looksLikeSessionSecret(generateSessionSecret())).toBe(true);
  expect(looksLikeSessionSecret("' OR 1=1 --")).toBe(false);
});

test("constant-time comparison", () => {
  expect(constantTimeEqual("abc", "abc")).toBe(true);
  expect(constantTimeEqual("abc", "abd")).toBe(false);
  expect(constantTimeEqual("abc", "abcd")).toBe(false);
});
