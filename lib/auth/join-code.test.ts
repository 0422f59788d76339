import { expect, test } from "vitest";
import { generateJoinCode, JOIN_CODE_LENGTH, normaliseJoinCode } from "./join-code";

test("generated codes round-trip through normalisation, whatever the case and separators", () => {
  const code = generateJoinCode();
  expect(code).toHaveLength(JOIN_CODE_LENGTH);
  expect(normaliseJoinCode(code)).toBe(code);
  expect(normaliseJoinCode(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`)).toBe(code);
});

test("codes with look-alike or foreign characters, or the wrong length, are refused", () => {
  expect(normaliseJoinCode("ABCD0FGH")).toBeUndefined();
  expect(normaliseJoinCode("ABC")).toBeUndefined();
  expect(normaliseJoinCode("<script>")).toBeUndefined();
});
