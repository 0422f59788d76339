-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "maxScore" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL DEFAULT 'lesson',
    "seed" INTEGER,
    "presented" JSONB,
    "passed" BOOLEAN,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_QuizAttempt" ("answers", "createdAt", "id", "lessonSlug", "maxScore", "quizId", "score", "userId") SELECT "answers", "createdAt", "id", "lessonSlug", "maxScore", "quizId", "score", "userId" FROM "QuizAttempt";
DROP TABLE "QuizAttempt";
ALTER TABLE "new_QuizAttempt" RENAME TO "QuizAttempt";
CREATE INDEX "QuizAttempt_userId_lessonSlug_quizId_createdAt_idx" ON "QuizAttempt"("userId", "lessonSlug", "quizId", "createdAt");
CREATE INDEX "QuizAttempt_lessonSlug_quizId_idx" ON "QuizAttempt"("lessonSlug", "quizId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

