-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isPlatformAdmin" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SubprocessorAnnouncement" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subprocessorKey" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB,
    "announcedAt" TEXT NOT NULL,
    "effectiveAt" TEXT NOT NULL,
    "announcedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubprocessorAnnouncement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatedDocumentRequest" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "ndaVersion" TEXT NOT NULL,
    "ndaSha256" TEXT NOT NULL,
    "ndaAcceptedAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "downloadTokenHash" TEXT,
    "downloadExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GatedDocumentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatedDocumentDownload" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "downloadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "watermark" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "GatedDocumentDownload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformAuditEvent" (
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlatformAuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GatedDocumentRequest_downloadTokenHash_key" ON "GatedDocumentRequest"("downloadTokenHash");

-- CreateIndex
CREATE INDEX "GatedDocumentRequest_status_createdAt_idx" ON "GatedDocumentRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "GatedDocumentRequest_email_idx" ON "GatedDocumentRequest"("email");

-- CreateIndex
CREATE INDEX "GatedDocumentDownload_requestId_idx" ON "GatedDocumentDownload"("requestId");

-- CreateIndex
CREATE INDEX "PlatformAuditEvent_createdAt_idx" ON "PlatformAuditEvent"("createdAt");

-- AddForeignKey
ALTER TABLE "GatedDocumentDownload" ADD CONSTRAINT "GatedDocumentDownload_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "GatedDocumentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The platform audit trail is append-only, like the tenant audit log.
CREATE OR REPLACE FUNCTION "platform_audit_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'PlatformAuditEvent is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "platform_audit_event_no_update_delete"
  BEFORE UPDATE OR DELETE ON "PlatformAuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "platform_audit_event_append_only"();

CREATE TRIGGER "platform_audit_event_no_truncate"
  BEFORE TRUNCATE ON "PlatformAuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform_audit_event_append_only"();
