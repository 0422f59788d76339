import { expect, test } from "vitest";
import { makeAttempt, makeLearner } from "../attempt-fixtures";
import { attemptToXapi, isoDuration, nameBasedUuid } from "./xapi";

const ana = makeLearner("Ana");

test("a full-marks attempt is a passed, completed statement with scaled score 1 and its duration", () => {
  const attempt = makeAttempt({
    learner: ana,
    finishedAt: "2026-11-01T10:00:00Z",
    checks: [{ checkId: "a", status: "pass" }],
  });
  const statement = attemptToXapi(attempt, "https://course.example/");
  expect(statement.verb.id).toBe("http://adlnet.gov/expapi/verbs/passed");
  expect(statement.actor.mbox).toBe("mailto:ana@example.test");
  expect(statement.object.id).toBe("https://course.example/labs/wka");
  expect(statement.result).toEqual({
    score: { scaled: 1, raw: 10, min: 0, max: 10 },
    success: true,
    completion: true,
    duration: "PT1M30S",
  });
  expect(statement.timestamp).toBe("2026-11-01T10:00:00.000Z");
  expect(statement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("a partial attempt with an errored check fails and is not complete", () => {
  const attempt = makeAttempt({
    learner: ana,
    finishedAt: "2026-11-01T10:00:00Z",
    checks: [
      { checkId: "a", status: "pass" },
      { checkId: "b", status: "fail" },
      { checkId: "c", status: "error" },
    ],
  });
  const statement = attemptToXapi(attempt, "https://course.example");
  expect(statement.verb.id).toBe("http://adlnet.gov/expapi/verbs/failed");
  expect(statement.result.score.scaled).toBe(0.3333);
  expect(statement.result.success).toBe(false);
  expect(statement.result.completion).toBe(false);
});

test("statement ids are stable per attempt, and durations are ISO 8601", () => {
  expect(nameBasedUuid("x")).toBe(nameBasedUuid("x"));
  expect(nameBasedUuid("x")).not.toBe(nameBasedUuid("y"));
  expect(isoDuration(83_500)).toBe("PT1M23.5S");
  expect(isoDuration(3_723_000)).toBe("PT1H2M3S");
  expect(isoDuration(-5)).toBe("PT0S");
});
