-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN "previewExpiresAt" DATETIME;
