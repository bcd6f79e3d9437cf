-- CreateTable
CREATE TABLE "RequestClaim" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RequestClaim_createdAt_idx" ON "RequestClaim"("createdAt");
