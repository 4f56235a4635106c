-- CreateTable
CREATE TABLE "TrustSubscriber" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "confirmTokenHash" TEXT,
    "confirmExpiresAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "unsubscribeTokenHash" TEXT NOT NULL,
    "unsubscribedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustSubscriber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustNoticeReceipt" (
    "id" TEXT NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "emailId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustNoticeReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubprocessorObjection" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubprocessorObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrustSubscriber_email_key" ON "TrustSubscriber"("email");

-- CreateIndex
CREATE UNIQUE INDEX "TrustSubscriber_confirmTokenHash_key" ON "TrustSubscriber"("confirmTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "TrustSubscriber_unsubscribeTokenHash_key" ON "TrustSubscriber"("unsubscribeTokenHash");

-- CreateIndex
CREATE INDEX "TrustNoticeReceipt_changeId_idx" ON "TrustNoticeReceipt"("changeId");

-- CreateIndex
CREATE UNIQUE INDEX "TrustNoticeReceipt_subscriberId_changeId_key" ON "TrustNoticeReceipt"("subscriberId", "changeId");

-- CreateIndex
CREATE UNIQUE INDEX "SubprocessorObjection_orgId_changeId_key" ON "SubprocessorObjection"("orgId", "changeId");

-- AddForeignKey
ALTER TABLE "TrustNoticeReceipt" ADD CONSTRAINT "TrustNoticeReceipt_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "TrustSubscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
