import type { Database } from '../../db'
import type { DbClient } from '../../db/types'
import type { Access } from '../../authz/access'
import { jobWhere } from '../../authz/where'
import { AppError } from '../../errors'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import type { Segment } from '../../analysis/local-analyzer'
import { anonymiseTranscript } from '../../analysis/anonymise'

/**
 * Anonymised screening, per organization or per job: analyzers and reviewers
 * see the transcript without names, contact details and gendered terms, and
 * the candidate as "Candidate XXXXXX". Speaker labels become Candidate /
 * Interviewer N. The stored transcript is unchanged; this is a view.
 */
/** Whether reviewers and analyzers of this job's interviews see anonymised transcripts. */
export async function screeningIsAnonymised(db: DbClient, jobId: string) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId }, select: { anonymisedScreening: true, org: { select: { anonymisedScreening: true } } } })
  return job.anonymisedScreening || job.org.anonymisedScreening
}

/** The transcript as reviewers and analyzers of this interview see it (anonymised under anonymised screening). */
export function transcriptForReview(segments: readonly Segment[], options: { anonymised: boolean; names: string[]; candidateSpeaker?: string | null }) {
  if (!options.anonymised) return { segments: [...segments], candidateSpeaker: options.candidateSpeaker ?? null, speakers: null }
  const result = anonymiseTranscript(segments, { names: options.names, candidateSpeaker: options.candidateSpeaker })
  return { segments: result.segments, candidateSpeaker: result.candidateSpeaker, speakers: result.speakers }
}

/** Turns anonymised screening on or off for one job (audited with before/after). */
export async function setJobScreening(db: Database, access: Access, audit: AuditContext, input: { jobId: string; anonymised: boolean }) {
  const job = await db.prisma.job.findFirst({ where: { AND: [{ id: input.jobId }, jobWhere(access)] }, select: { id: true, anonymisedScreening: true } })
  if (!job) throw new AppError('NOT_FOUND', 'Job not found')
  if (job.anonymisedScreening === input.anonymised) return { anonymised: input.anonymised }
  return db.prisma.$transaction(async (tx) => {
    await tx.job.update({ where: { id: job.id }, data: { anonymisedScreening: input.anonymised } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'job.screening_changed',
      targets: [{ type: 'job', id: job.id }],
      metadata: { before: { anonymised: job.anonymisedScreening }, after: { anonymised: input.anonymised } },
    })
    return { anonymised: input.anonymised }
  })
}

/** Turns anonymised screening on or off for every job of the organization. */
export async function setOrgScreening(db: Database, access: Access, audit: AuditContext, anonymised: boolean) {
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { anonymisedScreening: true } })
    if (before.anonymisedScreening === anonymised) return { anonymised }
    await tx.organization.update({ where: { id: access.orgId }, data: { anonymisedScreening: anonymised } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'org.screening_changed',
      targets: [{ type: 'organization', id: access.orgId }],
      metadata: { before: { anonymised: before.anonymisedScreening }, after: { anonymised } },
    })
    return { anonymised }
  })
}

export async function orgScreening(db: Database, access: Access) {
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { anonymisedScreening: true } })
  return { anonymised: org.anonymisedScreening }
}
