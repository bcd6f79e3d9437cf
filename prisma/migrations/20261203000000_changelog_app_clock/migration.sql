-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChangeLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "customerId" TEXT,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_ChangeLog" ("action", "actorId", "changes", "createdAt", "customerId", "entityId", "entityType", "id") SELECT "action", "actorId", "changes", "createdAt", "customerId", "entityId", "entityType", "id" FROM "ChangeLog";
DROP TABLE "ChangeLog";
ALTER TABLE "new_ChangeLog" RENAME TO "ChangeLog";
CREATE INDEX "ChangeLog_customerId_createdAt_idx" ON "ChangeLog"("customerId", "createdAt");
CREATE INDEX "ChangeLog_entityType_entityId_createdAt_idx" ON "ChangeLog"("entityType", "entityId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
