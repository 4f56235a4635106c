-- CreateEnum
CREATE TYPE "RetentionDataKind" AS ENUM ('RECORDINGS', 'TRANSCRIPTS', 'ANALYSES', 'CANDIDATE_PROFILES');

-- CreateEnum
CREATE TYPE "RetentionAction" AS ENUM ('DELETE', 'ANONYMISE');

-- CreateEnum
CREATE TYPE "RetentionCandidateStatus" AS ENUM ('ANY', 'ACTIVE', 'HIRED', 'REJECTED');

-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Transcript" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RetentionRule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "dataKind" "RetentionDataKind" NOT NULL,
    "action" "RetentionAction" NOT NULL,
    "afterDays" INTEGER NOT NULL,
    "region" "DataRegion",
    "jobId" TEXT,
    "candidateStatus" "RetentionCandidateStatus" NOT NULL DEFAULT 'ANY',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "counts" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionRule_orgId_idx" ON "RetentionRule"("orgId");

-- CreateIndex
CREATE INDEX "RetentionRun_orgId_startedAt_idx" ON "RetentionRun"("orgId", "startedAt");
