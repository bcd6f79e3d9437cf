-- DropIndex
DROP INDEX "Ticket_createdAt_idx";

-- CreateIndex
CREATE INDEX "Ticket_createdAt_customerId_idx" ON "Ticket"("createdAt", "customerId");

-- CreateIndex
CREATE INDEX "Ticket_trend_response_due_idx" ON "Ticket"("responseDueAt", "customerId", "firstResponseAt", "pausedAt");

-- CreateIndex
CREATE INDEX "Ticket_trend_resolution_due_idx" ON "Ticket"("resolutionDueAt", "customerId", "resolvedAt", "pausedAt");

-- CreateIndex
CREATE INDEX "TicketPause_reason_from_ticketId_idx" ON "TicketPause"("reason", "from", "ticketId");

-- CreateIndex
CREATE INDEX "TicketPause_reason_to_ticketId_idx" ON "TicketPause"("reason", "to", "ticketId");
