-- CreateTable
CREATE TABLE "JoinAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "JoinAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "JoinAttempt_userId_createdAt_idx" ON "JoinAttempt"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "JoinAttempt_address_createdAt_idx" ON "JoinAttempt"("address", "createdAt");

-- CreateIndex
CREATE INDEX "JoinAttempt_createdAt_idx" ON "JoinAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

