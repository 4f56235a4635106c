-- CreateEnum
CREATE TYPE "VideoInterviewStatus" AS ENUM ('INVITED', 'SUBMITTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "VideoTakeStatus" AS ENUM ('DRAFT', 'SUBMITTED');

-- AlterEnum
ALTER TYPE "RetentionDataKind" ADD VALUE 'DRAFT_ATTEMPTS';

-- AlterTable
ALTER TABLE "Interview" ADD COLUMN     "meetingBotRequestedById" TEXT;

-- CreateTable
CREATE TABLE "MeetingBotEvent" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingBotEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoInterview" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "answerSeconds" INTEGER NOT NULL,
    "maxTakes" INTEGER NOT NULL,
    "status" "VideoInterviewStatus" NOT NULL DEFAULT 'INVITED',
    "openedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VideoInterview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoQuestion" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "videoInterviewId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,

    CONSTRAINT "VideoQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoAnswerTake" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "videoInterviewId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "durationMs" INTEGER,
    "status" "VideoTakeStatus" NOT NULL DEFAULT 'DRAFT',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VideoAnswerTake_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MeetingBotEvent_botId_idx" ON "MeetingBotEvent"("botId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoInterview_interviewId_key" ON "VideoInterview"("interviewId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoInterview_tokenHash_key" ON "VideoInterview"("tokenHash");

-- CreateIndex
CREATE INDEX "VideoInterview_orgId_idx" ON "VideoInterview"("orgId");

-- CreateIndex
CREATE INDEX "VideoQuestion_orgId_idx" ON "VideoQuestion"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoQuestion_videoInterviewId_position_key" ON "VideoQuestion"("videoInterviewId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "VideoAnswerTake_storageKey_key" ON "VideoAnswerTake"("storageKey");

-- CreateIndex
CREATE INDEX "VideoAnswerTake_orgId_idx" ON "VideoAnswerTake"("orgId");

-- CreateIndex
CREATE INDEX "VideoAnswerTake_videoInterviewId_questionId_idx" ON "VideoAnswerTake"("videoInterviewId", "questionId");

-- CreateIndex
CREATE INDEX "VideoAnswerTake_status_createdAt_idx" ON "VideoAnswerTake"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "VideoInterview" ADD CONSTRAINT "VideoInterview_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoQuestion" ADD CONSTRAINT "VideoQuestion_videoInterviewId_fkey" FOREIGN KEY ("videoInterviewId") REFERENCES "VideoInterview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoAnswerTake" ADD CONSTRAINT "VideoAnswerTake_videoInterviewId_fkey" FOREIGN KEY ("videoInterviewId") REFERENCES "VideoInterview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoAnswerTake" ADD CONSTRAINT "VideoAnswerTake_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "VideoQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
