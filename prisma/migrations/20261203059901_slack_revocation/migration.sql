-- CreateTable
CREATE TABLE "SlackRevocation" (
    "tokenFingerprint" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "revokedAt" DATETIME NOT NULL
);
