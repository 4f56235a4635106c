-- CreateEnum
CREATE TYPE "StageKind" AS ENUM ('ACTIVE', 'HIRED', 'REJECTED');

-- CreateEnum
CREATE TYPE "DecisionKind" AS ENUM ('ADVANCE', 'MOVE', 'REJECT', 'HIRE');

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "stageId" TEXT;

-- CreateTable
CREATE TABLE "RubricCompetency" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "weight" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RubricCompetency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineStage" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "StageKind" NOT NULL DEFAULT 'ACTIVE',
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PipelineStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationDecision" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "kind" "DecisionKind" NOT NULL,
    "fromStageId" TEXT,
    "toStageId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RubricCompetency_orgId_idx" ON "RubricCompetency"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "RubricCompetency_jobId_name_key" ON "RubricCompetency"("jobId", "name");

-- CreateIndex
CREATE INDEX "PipelineStage_orgId_idx" ON "PipelineStage"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "PipelineStage_jobId_name_key" ON "PipelineStage"("jobId", "name");

-- CreateIndex
CREATE INDEX "ApplicationDecision_applicationId_createdAt_idx" ON "ApplicationDecision"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "ApplicationDecision_orgId_idx" ON "ApplicationDecision"("orgId");

-- AddForeignKey
ALTER TABLE "RubricCompetency" ADD CONSTRAINT "RubricCompetency_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PipelineStage" ADD CONSTRAINT "PipelineStage_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationDecision" ADD CONSTRAINT "ApplicationDecision_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "PipelineStage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing jobs get the default pipeline, and existing applications keep
-- their stage: matched by name, "applied" (the old default) and anything
-- unknown going to Applied. Only then is the old text column dropped.
INSERT INTO "PipelineStage" ("id", "orgId", "jobId", "name", "kind", "position")
SELECT 'stg' || substr(md5(j."id" || d.name), 1, 22), j."orgId", j."id", d.name, d.kind::"StageKind", d.position
FROM "Job" j
CROSS JOIN (VALUES ('Applied', 'ACTIVE', 0), ('Screening', 'ACTIVE', 1), ('Interview', 'ACTIVE', 2), ('Offer', 'ACTIVE', 3),
                   ('Hired', 'HIRED', 4), ('Rejected', 'REJECTED', 5)) AS d(name, kind, position);

UPDATE "Application" a SET "stageId" = COALESCE(
  (SELECT s."id" FROM "PipelineStage" s WHERE s."jobId" = a."jobId" AND lower(s."name") = lower(a."stage")),
  (SELECT s."id" FROM "PipelineStage" s WHERE s."jobId" = a."jobId" AND s."name" = 'Applied'));

ALTER TABLE "Application" DROP COLUMN "stage";
