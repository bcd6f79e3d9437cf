-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "emailFailure" TEXT,
ADD COLUMN     "unverifiedSender" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "InboundEmail" ADD COLUMN     "authDetail" TEXT,
ADD COLUMN     "authResult" TEXT;

-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "cc" TEXT NOT NULL DEFAULT '[]',
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "inReplyTo" TEXT,
    "references" TEXT NOT NULL DEFAULT '',
    "automatic" BOOLEAN NOT NULL DEFAULT false,
    "sentBy" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "smtpResponse" TEXT,
    "refused" TEXT,
    "noteChannel" TEXT,
    "noteTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_key_key" ON "OutboundEmail"("key");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_messageId_key" ON "OutboundEmail"("messageId");

-- CreateIndex
CREATE INDEX "OutboundEmail_status_nextAttemptAt_idx" ON "OutboundEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundEmail_ticketId_createdAt_idx" ON "OutboundEmail"("ticketId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundEmail_toEmail_automatic_createdAt_idx" ON "OutboundEmail"("toEmail", "automatic", "createdAt");

-- AddForeignKey
ALTER TABLE "OutboundEmail" ADD CONSTRAINT "OutboundEmail_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
