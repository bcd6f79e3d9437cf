-- CreateTable
CREATE TABLE "RequestClaim" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RequestClaim_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RequestClaim_createdAt_idx" ON "RequestClaim"("createdAt");
