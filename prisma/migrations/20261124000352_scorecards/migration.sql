-- CreateEnum
CREATE TYPE "Recommendation" AS ENUM ('STRONG_NO', 'NO', 'YES', 'STRONG_YES');

-- CreateTable
CREATE TABLE "Scorecard" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "ratings" JSONB NOT NULL,
    "recommendation" "Recommendation" NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Scorecard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Scorecard_orgId_idx" ON "Scorecard"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Scorecard_interviewId_authorId_key" ON "Scorecard"("interviewId", "authorId");

-- AddForeignKey
ALTER TABLE "Scorecard" ADD CONSTRAINT "Scorecard_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;
