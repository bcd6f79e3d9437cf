-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "rank" TEXT,
    "businessId" TEXT,
    "phone" TEXT,
    "fax" TEXT,
    "address" TEXT,
    "city" TEXT,
    "country" TEXT,
    "state" TEXT,
    "zip" TEXT,
    "notes" TEXT,
    "ticketsOnlyFromPrimary" BOOLEAN NOT NULL DEFAULT false,
    "slaId" TEXT NOT NULL,
    "alertProfileId" TEXT NOT NULL,
    "primaryContactId" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "creationKey" TEXT,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDomain" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,

    CONSTRAINT "CustomerDomain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "quantity" INTEGER,
    "rateCents" INTEGER,
    "hourlyRateCents" INTEGER,
    "overageRateCents" INTEGER,
    "amountCents" INTEGER,
    "hoursCentis" INTEGER,
    "estimatedHoursCentis" INTEGER,
    "rollOver" BOOLEAN,
    "billingPeriod" TEXT,
    "deviceCategory" TEXT,
    "gbCategory" TEXT,
    "startDate" TIMESTAMP(3),
    "endDate" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "taxable" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sla" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "responseLowMinutes" INTEGER NOT NULL,
    "responseMediumMinutes" INTEGER NOT NULL,
    "responseHighMinutes" INTEGER NOT NULL,
    "responseCriticalMinutes" INTEGER NOT NULL,
    "resolutionLowMinutes" INTEGER NOT NULL,
    "resolutionMediumMinutes" INTEGER NOT NULL,
    "resolutionHighMinutes" INTEGER NOT NULL,
    "resolutionCriticalMinutes" INTEGER NOT NULL,
    "timeZone" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sla_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaBusinessHours" (
    "id" TEXT NOT NULL,
    "slaId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "SlaBusinessHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertThresholdProfile" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertThresholdProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertThreshold" (
    "id" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,

    CONSTRAINT "AlertThreshold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailKey" TEXT NOT NULL,
    "phone" TEXT,
    "mobile" TEXT,
    "jobTitle" TEXT,
    "department" TEXT,
    "noEmailTickets" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WizardDraft" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WizardDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "kind" TEXT,
    "status" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "importedBy" TEXT,
    "channelId" TEXT NOT NULL,
    "threadTs" TEXT NOT NULL,
    "messageTs" TEXT,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "previewCreate" INTEGER NOT NULL DEFAULT 0,
    "previewUpdate" INTEGER NOT NULL DEFAULT 0,
    "previewUnchanged" INTEGER NOT NULL DEFAULT 0,
    "previewErrors" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeLog" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "customerId" TEXT,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_nameKey_key" ON "Customer"("nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_primaryContactId_key" ON "Customer"("primaryContactId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_creationKey_key" ON "Customer"("creationKey");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDomain_domain_key" ON "CustomerDomain"("domain");

-- CreateIndex
CREATE INDEX "CustomerDomain_customerId_idx" ON "CustomerDomain"("customerId");

-- CreateIndex
CREATE INDEX "Contract_customerId_idx" ON "Contract"("customerId");

-- CreateIndex
CREATE INDEX "Contract_type_idx" ON "Contract"("type");

-- CreateIndex
CREATE UNIQUE INDEX "Sla_nameKey_key" ON "Sla"("nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "SlaBusinessHours_slaId_weekday_key" ON "SlaBusinessHours"("slaId", "weekday");

-- CreateIndex
CREATE UNIQUE INDEX "AlertThresholdProfile_nameKey_key" ON "AlertThresholdProfile"("nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "AlertThreshold_profileId_metric_severity_key" ON "AlertThreshold"("profileId", "metric", "severity");

-- CreateIndex
CREATE INDEX "Contact_emailKey_idx" ON "Contact"("emailKey");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_customerId_emailKey_key" ON "Contact"("customerId", "emailKey");

-- CreateIndex
CREATE INDEX "WizardDraft_expiresAt_idx" ON "WizardDraft"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportJob_fileId_key" ON "ImportJob"("fileId");

-- CreateIndex
CREATE INDEX "ImportJob_createdAt_idx" ON "ImportJob"("createdAt");

-- CreateIndex
CREATE INDEX "ImportJob_status_idx" ON "ImportJob"("status");

-- CreateIndex
CREATE INDEX "ChangeLog_customerId_createdAt_idx" ON "ChangeLog"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeLog_entityType_entityId_createdAt_idx" ON "ChangeLog"("entityType", "entityId", "createdAt");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_slaId_fkey" FOREIGN KEY ("slaId") REFERENCES "Sla"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_alertProfileId_fkey" FOREIGN KEY ("alertProfileId") REFERENCES "AlertThresholdProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_primaryContactId_fkey" FOREIGN KEY ("primaryContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerDomain" ADD CONSTRAINT "CustomerDomain_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaBusinessHours" ADD CONSTRAINT "SlaBusinessHours_slaId_fkey" FOREIGN KEY ("slaId") REFERENCES "Sla"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertThreshold" ADD CONSTRAINT "AlertThreshold_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "AlertThresholdProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (PostgreSQL only): the search keys compare and sort by code point, as in SQLite,
-- whatever the database's default collation (a linguistic one such as en_US.UTF-8 ignores
-- punctuation and spaces at first and breaks the prefix ranges of src/repositories/customer-search.ts).
ALTER TABLE "Customer" ALTER COLUMN "nameKey" SET DATA TYPE TEXT COLLATE "C";
ALTER TABLE "CustomerDomain" ALTER COLUMN "domain" SET DATA TYPE TEXT COLLATE "C";
