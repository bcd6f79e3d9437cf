-- CreateTable
CREATE TABLE "SlackRateSlot" (
    "method" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("method", "at")
);
