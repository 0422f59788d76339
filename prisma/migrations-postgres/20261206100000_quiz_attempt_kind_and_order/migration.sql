-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'lesson',
ADD COLUMN     "passed" BOOLEAN,
ADD COLUMN     "presented" JSONB,
ADD COLUMN     "seed" INTEGER;

