-- DropIndex
DROP INDEX "AuditEvent_orgId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_occurredAt_seq_idx" ON "AuditEvent"("orgId", "occurredAt", "seq");
