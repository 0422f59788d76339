export { ContentError } from "./errors";
export { KNOWN_LAB_IDS, isKnownLabId, type LabId } from "./labs";
export {
  toPublicQuiz,
  scoreQuiz,
  quizAnswersSchema,
  presentQuiz,
  type PublicQuiz,
  type QuizScore,
  type QuizAnswers,
  type Quiz,
} from "./quiz";
export {
  ASSESSMENT_QUIZ_ID,
  assessmentPool,
  drawAssessment,
  scoreAssessment,
  type AssessmentDraw,
  type AssessmentScore,
} from "./assessment";
export type { LessonFrontmatter, ModuleMeta } from "./frontmatter";
export {
  loadCatalog,
  allLessons,
  findLesson,
  findModule,
  findReferencePage,
  neighbours,
  type Catalog,
  type CourseModule,
  type Lesson,
  type ReferencePage,
} from "./catalog";
export { compileLesson, type CompiledLesson } from "./compile";
