/** Pure summaries of a learner's progress over the catalog (what the home and module pages show). */
import type { CourseModule } from "./catalog";

export type LessonStatus = { lessonId: string; completed: boolean; quiz?: { best: number; maxScore: number } };
export type ModuleSummary = {
  moduleId: string;
  done: number;
  total: number;
  minutesLeft: number;
  nextLessonHref?: string;
};

export function summariseModule(
  mod: CourseModule,
  completed: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): ModuleSummary {
  const remaining = mod.lessons.filter((l) => !completed.has(l.id));
  return {
    moduleId: mod.id,
    done: mod.lessons.length - remaining.length,
    total: mod.lessons.length,
    minutesLeft: remaining.reduce((sum, l) => sum + l.frontmatter.minutes, 0),
    nextLessonHref: remaining[0]?.href,
  };
}
