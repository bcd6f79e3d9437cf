-- AlterTable
ALTER TABLE "ChangeLog" ALTER COLUMN "createdAt" DROP DEFAULT;
