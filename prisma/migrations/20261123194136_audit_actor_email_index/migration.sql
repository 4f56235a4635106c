-- CreateIndex
CREATE INDEX "AuditEvent_orgId_actorEmail_seq_idx" ON "AuditEvent"("orgId", "actorEmail", "seq");
