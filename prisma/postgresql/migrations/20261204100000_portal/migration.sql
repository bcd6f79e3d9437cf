-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "portalSignInAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboundEmail" ALTER COLUMN "ticketId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PortalSignIn" (
    "id" TEXT NOT NULL,
    "emailKey" TEXT NOT NULL,
    "clientIp" TEXT NOT NULL,
    "contactId" TEXT,
    "tokenHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "PortalSignIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortalSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "locale" TEXT,

    CONSTRAINT "PortalSession_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "PortalSignIn" ADD CONSTRAINT "PortalSignIn_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalSession" ADD CONSTRAINT "PortalSession_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
