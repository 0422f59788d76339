import { describe, expect, it } from "vitest";
import type { CourseModule, Lesson } from "./catalog";
import { summariseModule } from "./progress-summary";

function lesson(slug: string, minutes: number): Lesson {
  return { id: `m/${slug}`, slug, href: `/modules/m/${slug}`, frontmatter: { minutes } } as unknown as Lesson;
}

const mod = {
  id: "m",
  lessons: [lesson("01-a", 10), lesson("02-b", 20), lesson("03-c", 30)],
} as unknown as CourseModule;

describe("summariseModule", () => {
  it("counts completed lessons, minutes left and the next lesson", () => {
    expect(summariseModule(mod, new Set(["m/01-a"]))).toEqual({
      moduleId: "m",
      done: 1,
      total: 3,
      minutesLeft: 50,
      nextLessonHref: "/modules/m/02-b",
    });
  });
  it("points at the first unfinished lesson even when a later one is done", () => {
    expect(summariseModule(mod, new Map([["m/02-b", new Date()]])).nextLessonHref).toBe("/modules/m/01-a");
  });
  it("has no next lesson when all are done", () => {
    const s = summariseModule(mod, new Set(["m/01-a", "m/02-b", "m/03-c"]));
    expect(s).toMatchObject({ done: 3, minutesLeft: 0 });
    expect(s.nextLessonHref).toBeUndefined();
  });
});
