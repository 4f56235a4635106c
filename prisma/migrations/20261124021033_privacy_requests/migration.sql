-- CreateEnum
CREATE TYPE "PrivacyRequestKind" AS ENUM ('ACCESS', 'PORTABILITY', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'OBJECTION', 'CONSENT_WITHDRAWAL');

-- CreateEnum
CREATE TYPE "PrivacyRequestStatus" AS ENUM ('OPEN', 'COMPLETED', 'REJECTED');

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "processingRestrictedAt" TIMESTAMP(3),
ADD COLUMN     "processingRestrictionReason" TEXT;

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "PrivacyRequestKind" NOT NULL,
    "status" "PrivacyRequestStatus" NOT NULL DEFAULT 'OPEN',
    "candidateId" TEXT,
    "subjectRef" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "completedById" TEXT,
    "proof" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_orgId_status_dueAt_idx" ON "PrivacyRequest"("orgId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_candidateId_idx" ON "PrivacyRequest"("candidateId");
