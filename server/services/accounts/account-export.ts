import type { Database } from '../../db'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { csvLine } from '../privacy/candidate-export'

/**
 * Access and portability for the signed-in user (the subject is verified by
 * their session): everything we hold about them, as JSON or as CSV (one row
 * per fact). Never secrets: no password hash, session tokens, TOTP seed or
 * recovery codes. Content of other people is left out: audit events keep
 * only action, time, organization and where from (no targets or metadata),
 * scorecards only where the user is still an active member (a suspended
 * member gets their ids and dates; the content is the organization's to give).
 * Both formats stream, so a long audit trail does not matter.
 */
export const accountExportFormat = 'hireproof-account-export/1'

/**
 * Downloading is audited as `account.exported` in every organization where the
 * user is an active member: the package holds that organization's content (their
 * scorecards, their audit trail there). Nothing else is changed.
 */
export async function beginAccountExport(db: Database, user: { id: string }, audit: AuditContext, format: 'json' | 'csv') {
  await db.prisma.$transaction(async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId: user.id, status: 'ACTIVE' },
      select: { orgId: true },
      orderBy: { orgId: 'asc' },
    })
    for (const { orgId } of memberships) {
      const targets = [{ type: 'user', id: user.id }]
      await appendAuditEvent(tx, audit, { orgId, action: 'account.exported', targets, metadata: { format } })
    }
  })
  return { userId: user.id, format }
}

/** Everything but the audit trail: bounded by one person's records, read at once. */
export async function accountProfile(db: Database, userId: string) {
  const user = await db.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      memberships: {
        orderBy: { createdAt: 'asc' },
        include: { org: { select: { id: true, name: true } }, role: { select: { name: true } } },
      },
      sessions: { orderBy: { createdAt: 'asc' } },
      twoFactor: { select: { confirmedAt: true, createdAt: true } },
      recoveryCodes: { select: { usedAt: true } },
      jobAssignments: { orderBy: { createdAt: 'asc' }, include: { job: { select: { id: true, title: true, orgId: true } } } },
    },
  })
  const orgName = new Map(user.memberships.map((m) => [m.orgId, m.org.name]))
  const active = new Set(user.memberships.filter((m) => m.status === 'ACTIVE').map((m) => m.orgId))
  const [participations, scorecards, invitations, emails, analyticsEvents] = await Promise.all([
    db.prisma.interviewParticipant.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } }),
    db.prisma.scorecard.findMany({ where: { authorId: userId }, orderBy: { createdAt: 'asc' } }),
    db.prisma.invitation.findMany({
      where: { email: user.email },
      orderBy: { createdAt: 'asc' },
      include: { org: { select: { name: true } } },
    }),
    db.prisma.outboxEmail.findMany({ where: { to: user.email }, orderBy: { createdAt: 'asc' } }),
    // The local product-analytics log (ANALYTICS=local; empty otherwise): ids, enums and counts only.
    db.prisma.analyticsEvent.findMany({ where: { distinctId: userId }, orderBy: { createdAt: 'asc' } }),
  ])
  const interviewIds = [...new Set([...participations.map((p) => p.interviewId), ...scorecards.map((s) => s.interviewId)])]
  const interviews = await db.prisma.interview.findMany({ where: { id: { in: interviewIds } }, select: { id: true, title: true } })
  const interviewTitle = new Map(interviews.map((i) => [i.id, i.title]))
  const usedSso = user.memberships.some((m) => m.provisionedBy === 'sso') || user.sessions.some((s) => s.authMethod === 'saml')
  return {
    profile: {
      id: user.id,
      name: user.name,
      email: user.email,
      createdAt: user.createdAt,
      adultAttestedAt: user.adultAttestedAt,
      signInMethods: [user.passwordHash ? 'password' : null, usedSso ? 'sso' : null, user.clerkUserId ? 'clerk' : null].filter(Boolean),
      deletionRequestedAt: user.deletionRequestedAt,
    },
    linkedIdentities: {
      clerkUserId: user.clerkUserId,
      ssoOrganizations: [...new Set(user.sessions.flatMap((s) => (s.ssoOrgId ? [s.ssoOrgId] : [])))],
      scim: user.memberships.filter((m) => m.scimExternalId).map((m) => ({ organizationId: m.orgId, externalId: m.scimExternalId })),
    },
    memberships: user.memberships.map((m) => ({
      organizationId: m.orgId,
      organization: m.org.name,
      role: m.role.name,
      status: m.status,
      since: m.createdAt,
      provisionedBy: m.provisionedBy,
      // What the organization's identity provider sent about the person (name parts, title, …).
      scimAttributes: m.scimAttributes,
    })),
    sessions: user.sessions.map((s) => ({
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      revokedAt: s.revokedAt,
      ip: s.ip,
      userAgent: s.userAgent,
      authMethod: s.authMethod,
    })),
    twoFactor: {
      enabled: Boolean(user.twoFactor?.confirmedAt),
      confirmedAt: user.twoFactor?.confirmedAt ?? null,
      recoveryCodesLeft: user.recoveryCodes.filter((c) => !c.usedAt).length,
    },
    jobAssignments: user.jobAssignments.map((a) => ({
      organizationId: a.orgId,
      organization: orgName.get(a.orgId) ?? null,
      jobId: a.job.id,
      job: a.job.title,
      since: a.createdAt,
    })),
    interviewParticipations: participations.map((p) => ({
      organizationId: p.orgId,
      organization: orgName.get(p.orgId) ?? null,
      interviewId: p.interviewId,
      interview: interviewTitle.get(p.interviewId) ?? null,
      since: p.createdAt,
    })),
    scorecards: scorecards.map((s) => ({
      organizationId: s.orgId,
      organization: orgName.get(s.orgId) ?? null,
      interviewId: s.interviewId,
      interview: interviewTitle.get(s.interviewId) ?? null,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      ...(active.has(s.orgId)
        ? { recommendation: s.recommendation, ratings: s.ratings, summary: s.summary }
        : { withheld: 'You are no longer an active member of this organization: ask it for the content.' }),
    })),
    invitations: invitations.map((i) => ({
      organization: i.org.name,
      sentAt: i.createdAt,
      status: i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt < new Date() ? 'expired' : 'pending',
    })),
    // Subjects only: bodies may hold links that still sign in or accept.
    emails: emails.map((e) => ({ subject: e.subject, template: e.template, status: e.status, createdAt: e.createdAt, sentAt: e.sentAt })),
    analyticsEvents: analyticsEvents.map(({ orgId, event, properties, createdAt }) => ({
      organizationId: orgId,
      event,
      properties,
      at: createdAt,
    })),
  }
}

type AuditRow = {
  organizationId: string
  organization: string | null
  action: string
  occurredAt: Date
  ip: string
  userAgent: string
  success: boolean
}

/**
 * The audit events the user is the actor of, in every organization, oldest
 * first per organization, 500 at a time. Organizations are found through
 * the chain heads (one per organization) with the (orgId, actorId, seq)
 * index, so no scan of the whole log.
 */
async function* auditTrail(db: Database, userId: string): AsyncGenerator<AuditRow> {
  const orgs = await db.prisma.$queryRaw<{ orgId: string }[]>`
    SELECT h."orgId" FROM "AuditChainHead" h
    WHERE EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = h."orgId" AND e."actorId" = ${userId})
    ORDER BY h."orgId"`
  const found = await db.prisma.organization.findMany({ where: { id: { in: orgs.map((o) => o.orgId) } }, select: { id: true, name: true } })
  const names = new Map(found.map((o) => [o.id, o.name]))
  for (const { orgId } of orgs) {
    let after = 0
    while (true) {
      const page = await db.prisma.auditEvent.findMany({
        where: { orgId, actorId: userId, seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: 500,
        select: { seq: true, action: true, occurredAt: true, ip: true, userAgent: true, success: true },
      })
      const organization = names.get(orgId) ?? null
      for (const { seq: _seq, ...event } of page) yield { organizationId: orgId, organization, ...event }
      if (page.length < 500) break
      after = page.at(-1)!.seq
    }
  }
}

export async function* accountExportJson(db: Database, userId: string) {
  const head = await accountProfile(db, userId)
  yield `{"format":"${accountExportFormat}",${JSON.stringify(head).slice(1, -1)},"auditEvents":[`
  let first = true
  for await (const event of auditTrail(db, userId)) {
    yield `${first ? '' : ','}${JSON.stringify(event)}`
    first = false
  }
  yield ']}\n'
}

/** One row per fact: section, item, field, value. Cells that start like formulas are neutralised (csvLine). */
export async function* accountExportCsv(db: Database, userId: string) {
  const head = await accountProfile(db, userId)
  yield csvLine(['section', 'item', 'field', 'value'])
  for (const [field, value] of Object.entries(head.profile)) yield csvLine(['profile', '', field, value])
  for (const [field, value] of Object.entries(head.linkedIdentities)) yield csvLine(['linked_identities', '', field, value])
  yield csvLine(['two_factor', '', 'enabled', head.twoFactor.enabled])
  yield csvLine(['two_factor', '', 'confirmedAt', head.twoFactor.confirmedAt])
  yield csvLine(['two_factor', '', 'recoveryCodesLeft', head.twoFactor.recoveryCodesLeft])
  const lists = {
    membership: head.memberships,
    session: head.sessions,
    job_assignment: head.jobAssignments,
    interview_participation: head.interviewParticipations,
    scorecard: head.scorecards,
    invitation: head.invitations,
    email: head.emails,
    analytics_event: head.analyticsEvents,
  }
  for (const [section, rows] of Object.entries(lists)) {
    for (const [i, row] of (rows as Record<string, unknown>[]).entries()) {
      for (const [field, value] of Object.entries(row)) yield csvLine([section, i + 1, field, value])
    }
  }
  let i = 0
  for await (const event of auditTrail(db, userId)) {
    i++
    for (const [field, value] of Object.entries(event)) yield csvLine(['audit_event', i, field, value])
  }
}
