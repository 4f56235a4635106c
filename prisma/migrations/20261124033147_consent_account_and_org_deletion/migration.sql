-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('RECORDING', 'AI_ANALYSIS', 'TRANSFER_ABROAD');

-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('CANDIDATE', 'MEMBER');

-- CreateEnum
CREATE TYPE "OrganizationDeletionMode" AS ENUM ('RETURN_THEN_DELETE', 'DELETE');

-- AlterEnum
ALTER TYPE "AuditActorType" ADD VALUE 'CANDIDATE';

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "country" TEXT;

-- AlterTable
ALTER TABLE "RetentionRule" ADD COLUMN     "candidateCountry" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deletionRequestedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ConsentNotice" (
    "hash" TEXT NOT NULL,
    "regime" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentNotice_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "CandidateConsent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "purpose" "ConsentPurpose" NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "noticeHash" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CandidateConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentLink" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationDeletion" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "orgName" TEXT NOT NULL,
    "mode" "OrganizationDeletionMode" NOT NULL,
    "requestedById" TEXT NOT NULL,
    "reportEmail" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "report" JSONB,

    CONSTRAINT "OrganizationDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CandidateConsent_candidateId_purpose_createdAt_idx" ON "CandidateConsent"("candidateId", "purpose", "createdAt");

-- CreateIndex
CREATE INDEX "CandidateConsent_orgId_idx" ON "CandidateConsent"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentLink_tokenHash_key" ON "ConsentLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ConsentLink_candidateId_idx" ON "ConsentLink"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationDeletion_orgId_key" ON "OrganizationDeletion"("orgId");

-- CreateIndex
CREATE INDEX "OrganizationDeletion_scheduledFor_idx" ON "OrganizationDeletion"("scheduledFor");

-- AddForeignKey
ALTER TABLE "CandidateConsent" ADD CONSTRAINT "CandidateConsent_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentLink" ADD CONSTRAINT "ConsentLink_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Owners of existing organizations may schedule their organization's deletion (new permission org.delete).
UPDATE "Role" SET "permissions" = array_append("permissions", 'org.delete')
WHERE "builtIn" AND "key" = 'owner' AND NOT ('org.delete' = ANY("permissions"));
