-- AlterTable
ALTER TABLE "LabAttempt" ADD COLUMN "configHash" TEXT;
ALTER TABLE "LabAttempt" ADD COLUMN "workspaceSource" TEXT;

-- CreateTable
CREATE TABLE "SignupAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SignupAttempt_address_createdAt_idx" ON "SignupAttempt"("address", "createdAt");

-- CreateIndex
CREATE INDEX "SignupAttempt_createdAt_idx" ON "SignupAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "LabAttempt_userId_submittedAt_idx" ON "LabAttempt"("userId", "submittedAt");

