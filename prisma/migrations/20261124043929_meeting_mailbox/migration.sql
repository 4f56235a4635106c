-- AlterTable
ALTER TABLE "Interview" ADD COLUMN     "calendarUid" TEXT,
ADD COLUMN     "endsAt" TIMESTAMP(3),
ADD COLUMN     "meetingBotId" TEXT,
ADD COLUMN     "meetingBotStatus" TEXT,
ADD COLUMN     "meetingUrl" TEXT,
ADD COLUMN     "scheduledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "meetingInboxKey" TEXT;

-- CreateTable
CREATE TABLE "InboundEmail" (
    "id" TEXT NOT NULL,
    "orgId" TEXT,
    "token" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "interviewId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboundEmail_token_key" ON "InboundEmail"("token");

-- CreateIndex
CREATE INDEX "InboundEmail_orgId_receivedAt_idx" ON "InboundEmail"("orgId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Interview_meetingBotId_key" ON "Interview"("meetingBotId");

-- CreateIndex
CREATE UNIQUE INDEX "Interview_orgId_calendarUid_key" ON "Interview"("orgId", "calendarUid");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_meetingInboxKey_key" ON "Organization"("meetingInboxKey");
