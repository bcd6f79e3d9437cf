-- CreateTable
CREATE TABLE "SlackDelivery" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "file" BYTEA,
    "purpose" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "SlackDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackDelivery_key_key" ON "SlackDelivery"("key");

-- CreateIndex
CREATE INDEX "SlackDelivery_status_nextAttemptAt_idx" ON "SlackDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SlackDelivery_orderKey_status_idx" ON "SlackDelivery"("orderKey", "status");
