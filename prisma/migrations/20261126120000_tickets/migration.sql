-- CreateTable
CREATE TABLE "Ticket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "customerId" TEXT,
    "contactId" TEXT,
    "subject" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "openedBy" TEXT,
    "requesterEmail" TEXT,
    "requesterName" TEXT,
    "slaId" TEXT,
    "responseTargetMinutes" INTEGER NOT NULL,
    "resolutionTargetMinutes" INTEGER NOT NULL,
    "responseDueAt" DATETIME NOT NULL,
    "responseAtRiskAt" DATETIME NOT NULL,
    "resolutionDueAt" DATETIME NOT NULL,
    "resolutionAtRiskAt" DATETIME NOT NULL,
    "pausedAt" DATETIME,
    "firstResponseAt" DATETIME,
    "firstResponseBy" TEXT,
    "firstResponseMinutes" INTEGER,
    "resolvedAt" DATETIME,
    "resolutionMinutes" INTEGER,
    "closedAt" DATETIME,
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ticket_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ticket_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Ticket_slaId_fkey" FOREIGN KEY ("slaId") REFERENCES "Sla" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TicketSequence" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "TicketPause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ticketId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "from" DATETIME NOT NULL,
    "to" DATETIME,
    CONSTRAINT "TicketPause_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ticketId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "body" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TicketEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "fromEmail" TEXT NOT NULL,
    "fromName" TEXT,
    "subject" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "ticketId" TEXT,
    "customerId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboundEmail_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "instance" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_number_key" ON "Ticket"("number");

-- CreateIndex
CREATE INDEX "Ticket_customerId_status_idx" ON "Ticket"("customerId", "status");

-- CreateIndex
CREATE INDEX "Ticket_createdAt_idx" ON "Ticket"("createdAt");

-- CreateIndex
CREATE INDEX "Ticket_summary_open_idx" ON "Ticket"("status", "customerId", "pausedAt", "firstResponseAt", "resolvedAt", "responseDueAt", "responseAtRiskAt", "resolutionDueAt", "resolutionAtRiskAt", "number");

-- CreateIndex
CREATE INDEX "Ticket_summary_responded_idx" ON "Ticket"("firstResponseAt", "customerId", "responseDueAt", "firstResponseMinutes", "responseTargetMinutes", "number");

-- CreateIndex
CREATE INDEX "Ticket_summary_resolved_idx" ON "Ticket"("resolvedAt", "customerId", "resolutionDueAt", "resolutionMinutes", "resolutionTargetMinutes", "number");

-- CreateIndex
CREATE INDEX "Ticket_summary_response_median_idx" ON "Ticket"("firstResponseMinutes", "firstResponseAt");

-- CreateIndex
CREATE INDEX "Ticket_summary_resolution_median_idx" ON "Ticket"("resolutionMinutes", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_channelId_messageTs_key" ON "Ticket"("channelId", "messageTs");

-- CreateIndex
CREATE INDEX "TicketPause_ticketId_idx" ON "TicketPause"("ticketId");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_createdAt_idx" ON "TicketEvent"("ticketId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundEmail_messageId_key" ON "InboundEmail"("messageId");

-- CreateIndex
CREATE INDEX "InboundEmail_outcome_receivedAt_idx" ON "InboundEmail"("outcome", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundEmail_ticketId_idx" ON "InboundEmail"("ticketId");
