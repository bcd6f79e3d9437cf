-- CreateTable
CREATE TABLE "SlackRevocation" (
    "tokenFingerprint" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackRevocation_pkey" PRIMARY KEY ("tokenFingerprint")
);
