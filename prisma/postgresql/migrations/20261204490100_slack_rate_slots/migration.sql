-- CreateTable
CREATE TABLE "SlackRateSlot" (
    "method" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackRateSlot_pkey" PRIMARY KEY ("method","at")
);
