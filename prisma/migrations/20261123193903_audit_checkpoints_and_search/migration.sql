-- AlterTable: full-text search vector, generated from the event itself.
-- Declared in schema.prisma as Unsupported("tsvector"); the expression lives here.
ALTER TABLE "AuditEvent" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  to_tsvector('simple'::regconfig,
    "action" || ' ' || coalesce("actorEmail", '') || ' ' || coalesce("actorId", '') || ' ' ||
    "targets"::text || ' ' || "metadata"::text)
) STORED;

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_orgId_seq_idx" ON "AuditCheckpoint"("orgId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_orgId_day_key" ON "AuditCheckpoint"("orgId", "day");

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_actorId_seq_idx" ON "AuditEvent"("orgId", "actorId", "seq");

-- Search indexes for the audit log screen (hand-written: Prisma cannot express them).
CREATE INDEX "AuditEvent_search_idx" ON "AuditEvent" USING GIN ("search");
CREATE INDEX "AuditEvent_targets_idx" ON "AuditEvent" USING GIN ("targets" jsonb_path_ops);
