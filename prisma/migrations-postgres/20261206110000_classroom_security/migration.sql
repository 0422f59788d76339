-- AlterTable
ALTER TABLE "LabAttempt" ADD COLUMN     "configHash" TEXT,
ADD COLUMN     "workspaceSource" TEXT;

-- CreateTable
CREATE TABLE "SignupAttempt" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignupAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignupAttempt_address_createdAt_idx" ON "SignupAttempt"("address", "createdAt");

-- CreateIndex
CREATE INDEX "SignupAttempt_createdAt_idx" ON "SignupAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "LabAttempt_userId_submittedAt_idx" ON "LabAttempt"("userId", "submittedAt");

