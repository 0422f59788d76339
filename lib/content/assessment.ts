/**
 * Module assessment: a summative check drawn from the pool of every lesson's questions in a module. Each attempt
 * gets a fresh seed; the seed decides which questions are drawn (the same number from every lesson, so every draw
 * covers the whole module), their order, and every question's choice order. The server re-derives the draw from
 * the seed when scoring, so the browser never holds more than the public questions.
 */
import type { CourseModule } from "./catalog";
import {
  presentQuiz,
  scoreQuiz,
  toPublicQuiz,
  type Presentation,
  type PublicQuiz,
  type QuizAnswers,
  type QuizQuestion,
  type QuizScore,
} from "./quiz";
import { seededRandom, shuffled } from "./shuffle";

/** QuizAttempt.quizId of a module assessment (QuizAttempt.lessonSlug holds the module id, kind is "assessment"). */
export const ASSESSMENT_QUIZ_ID = "module-assessment";

export type PoolQuestion = QuizQuestion & { lessonId: string; lessonTitle: string };

/** Pool ids are `<NN>-<question id>`: unique in the module (lesson numbers are) and short enough for the answer form. */
export function poolQuestionId(lessonSlug: string, questionId: string): string {
  return `${lessonSlug.slice(0, 2)}-${questionId}`;
}

export function assessmentPool(mod: CourseModule): PoolQuestion[] {
  return mod.lessons.flatMap((l) =>
    l.frontmatter.quiz.map((q) => ({
      ...q,
      id: poolQuestionId(l.slug, q.id),
      lessonId: l.id,
      lessonTitle: l.frontmatter.title,
    })),
  );
}

export type AssessmentDraw = {
  moduleId: string;
  seed: number;
  questions: PoolQuestion[];
  /** What the browser gets: drawn questions in draw order, choices shuffled. */
  publicQuiz: PublicQuiz;
  presentation: Presentation;
  /** Points needed to pass (ceil of passPercent of the questions drawn). */
  passMark: number;
};

export function drawAssessment(mod: CourseModule, seed: number): AssessmentDraw {
  const { questionsPerLesson, passPercent } = mod.assessment;
  const random = seededRandom(seed);
  const byLesson = mod.lessons.map((l) => assessmentPool({ ...mod, lessons: [l] }));
  const drawn = shuffled(
    byLesson.flatMap((pool) => shuffled(pool, random).slice(0, questionsPerLesson)),
    random,
  );
  // Choice order uses its own stream from the same seed, so adding a question to a lesson does not reshuffle choices.
  const { quiz: publicQuiz, presentation } = presentQuiz(toPublicQuiz(drawn), seed ^ 0x5bd1e995);
  return {
    moduleId: mod.id,
    seed,
    questions: drawn,
    publicQuiz,
    presentation: { ...presentation, seed },
    passMark: Math.ceil((passPercent / 100) * drawn.length),
  };
}

export type AssessmentScore = QuizScore & { passMark: number; passed: boolean };

export function scoreAssessment(draw: AssessmentDraw, answers: QuizAnswers): AssessmentScore {
  const scored = scoreQuiz(draw.questions, answers);
  return { ...scored, passMark: draw.passMark, passed: scored.score >= draw.passMark };
}
