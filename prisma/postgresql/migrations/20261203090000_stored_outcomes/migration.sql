-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "errorOutcome" TEXT;

-- AlterTable
ALTER TABLE "InboundEmail" ADD COLUMN     "reasonOutcome" TEXT;
