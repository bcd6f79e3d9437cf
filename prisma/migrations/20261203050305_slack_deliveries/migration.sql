-- CreateTable
CREATE TABLE "SlackDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "file" BLOB,
    "purpose" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackDelivery_key_key" ON "SlackDelivery"("key");

-- CreateIndex
CREATE INDEX "SlackDelivery_status_nextAttemptAt_idx" ON "SlackDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SlackDelivery_orderKey_status_idx" ON "SlackDelivery"("orderKey", "status");
