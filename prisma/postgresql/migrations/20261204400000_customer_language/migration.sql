-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "language" TEXT;
