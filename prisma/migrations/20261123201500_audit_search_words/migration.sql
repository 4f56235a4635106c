-- Free-text search splits identifiers into words ("role.created" → role,
-- created; "ann@acme.test" → ann, acme, test) so any part can be searched.
DROP INDEX "AuditEvent_search_idx";
ALTER TABLE "AuditEvent" DROP COLUMN "search";
ALTER TABLE "AuditEvent" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  to_tsvector('simple'::regconfig, translate(
    "action" || ' ' || coalesce("actorEmail", '') || ' ' || coalesce("actorId", '') || ' ' ||
    "targets"::text || ' ' || "metadata"::text,
    '._@-/:"{}[],', '             '))
) STORED;
CREATE INDEX "AuditEvent_search_idx" ON "AuditEvent" USING GIN ("search");
