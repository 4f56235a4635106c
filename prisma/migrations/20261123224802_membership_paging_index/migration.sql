-- CreateIndex
CREATE INDEX "Membership_orgId_createdAt_id_idx" ON "Membership"("orgId", "createdAt", "id");
