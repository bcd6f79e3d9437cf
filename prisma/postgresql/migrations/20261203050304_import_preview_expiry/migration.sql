-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "previewExpiresAt" TIMESTAMP(3);
