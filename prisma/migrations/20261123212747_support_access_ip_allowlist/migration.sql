-- CreateTable
CREATE TABLE "SupportGrant" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "roleId" TEXT,
    "status" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "requestedAt" TIMESTAMP(3),
    "grantedById" TEXT,
    "startsAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpAllowlistEntry" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "cidr" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpAllowlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupportGrant_orgId_status_idx" ON "SupportGrant"("orgId", "status");

-- CreateIndex
CREATE INDEX "SupportGrant_staffUserId_orgId_status_idx" ON "SupportGrant"("staffUserId", "orgId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "IpAllowlistEntry_orgId_cidr_key" ON "IpAllowlistEntry"("orgId", "cidr");

-- AddForeignKey
ALTER TABLE "SupportGrant" ADD CONSTRAINT "SupportGrant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAllowlistEntry" ADD CONSTRAINT "IpAllowlistEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
