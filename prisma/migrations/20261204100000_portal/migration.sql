-- The customer portal (issue 16): sign-in requests and sessions, the contact's last sign-in, the
-- "My tickets" indexes, and OutboundEmail.ticketId nullable (a sign-in link is about no ticket).

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "portalSignInAt" DATETIME;

-- CreateTable
CREATE TABLE "PortalSignIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "emailKey" TEXT NOT NULL,
    "clientIp" TEXT NOT NULL,
    "contactId" TEXT,
    "tokenHash" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "PortalSignIn_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PortalSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "locale" TEXT,
    CONSTRAINT "PortalSession_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboundEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "ticketId" TEXT,
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
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "smtpResponse" TEXT,
    "refused" TEXT,
    "noteChannel" TEXT,
    "noteTs" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "OutboundEmail_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboundEmail" ("attempts", "automatic", "cc", "createdAt", "html", "id", "inReplyTo", "key", "kind", "lastError", "leaseOwner", "leaseUntil", "messageId", "nextAttemptAt", "noteChannel", "noteTs", "references", "refused", "sentAt", "sentBy", "smtpResponse", "status", "subject", "text", "ticketId", "toEmail") SELECT "attempts", "automatic", "cc", "createdAt", "html", "id", "inReplyTo", "key", "kind", "lastError", "leaseOwner", "leaseUntil", "messageId", "nextAttemptAt", "noteChannel", "noteTs", "references", "refused", "sentAt", "sentBy", "smtpResponse", "status", "subject", "text", "ticketId", "toEmail" FROM "OutboundEmail";
DROP TABLE "OutboundEmail";
ALTER TABLE "new_OutboundEmail" RENAME TO "OutboundEmail";
CREATE UNIQUE INDEX "OutboundEmail_key_key" ON "OutboundEmail"("key");
CREATE UNIQUE INDEX "OutboundEmail_messageId_key" ON "OutboundEmail"("messageId");
CREATE INDEX "OutboundEmail_status_nextAttemptAt_idx" ON "OutboundEmail"("status", "nextAttemptAt");
CREATE INDEX "OutboundEmail_ticketId_createdAt_idx" ON "OutboundEmail"("ticketId", "createdAt");
CREATE INDEX "OutboundEmail_toEmail_automatic_createdAt_idx" ON "OutboundEmail"("toEmail", "automatic", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PortalSignIn_tokenHash_key" ON "PortalSignIn"("tokenHash");

-- CreateIndex
CREATE INDEX "PortalSignIn_emailKey_createdAt_idx" ON "PortalSignIn"("emailKey", "createdAt");

-- CreateIndex
CREATE INDEX "PortalSignIn_clientIp_createdAt_idx" ON "PortalSignIn"("clientIp", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PortalSession_tokenHash_key" ON "PortalSession"("tokenHash");

-- CreateIndex
CREATE INDEX "PortalSession_contactId_idx" ON "PortalSession"("contactId");

-- CreateIndex
CREATE INDEX "PortalSession_expiresAt_idx" ON "PortalSession"("expiresAt");

-- CreateIndex
CREATE INDEX "Ticket_portal_customer_idx" ON "Ticket"("customerId", "number");

-- CreateIndex
CREATE INDEX "Ticket_portal_contact_idx" ON "Ticket"("contactId", "number");
