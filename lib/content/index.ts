export { ContentError } from "./errors";
export { KNOWN_LABS, isKnownLabId, labTitle, type LabId } from "./labs";
export { toPublicQuiz, scoreQuiz, quizAnswersSchema, type PublicQuiz, type QuizScore, type QuizAnswers, type Quiz } from "./quiz";
export type { LessonFrontmatter, ModuleMeta } from "./frontmatter";
export { loadCatalog, allLessons, findLesson, findModule, findReferencePage, neighbours, type Catalog, type CourseModule, type Lesson, type ReferencePage } from "./catalog";
export { compileLesson, type CompiledLesson } from "./compile";
