-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN "heartbeatAt" DATETIME;
ALTER TABLE "ImportJob" ADD COLUMN "owner" TEXT;
