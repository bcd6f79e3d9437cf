-- CreateIndex
CREATE INDEX "OutboundEmail_automatic_createdAt_toEmail_idx" ON "OutboundEmail"("automatic", "createdAt", "toEmail");
