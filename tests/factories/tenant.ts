import type { Plan } from '@prisma/client'
import type { Database } from '../../server/db'
import { createMember, createOrgWithOwner, createUser, roleOf, testMeta } from './index'
import { createSession } from '../../server/auth/session'
import { createJob } from '../../server/services/jobs/jobs'
import { createCandidate } from '../../server/services/candidates/candidates'
import { recordInPersonConsent } from '../../server/services/consent/consent'
import { noticeHash, noticeTemplate } from '../../server/services/consent/notices'
import { inviteMember } from '../../server/services/invitations/invitations'
import { resolveAccess } from '../../server/authz/access'
import { systemAuditContext } from '../../server/audit/append'

/**
 * An organization with one record of every kind, and `ids` naming them by
 * the input field that refers to them (jobId, roleId, …), for the tests that
 * call every procedure automatically.
 */
export type Tenant = Awaited<ReturnType<typeof buildTenant>>

export async function buildTenant(db: Database, name: string, options: { powerlessMember?: boolean; plan?: Plan } = {}) {
  const { org, owner } = await createOrgWithOwner(db, name, { plan: options.plan })
  const ownerAccess = resolveAccess({ orgId: org.id, userId: owner.id, role: await roleOf(db, org.id, 'owner'), overrides: [] })
  const audit = systemAuditContext()
  const job = await createJob(db, ownerAccess, audit, { title: `${name} job`, description: '', location: '', region: 'EU', currency: 'EUR' })
  const candidate = await createCandidate(db, ownerAccess, audit, { name: `${name} candidate`, location: '', jobId: job.id })
  const english = noticeTemplate('gdpr', 'en')
  await recordInPersonConsent(db, ownerAccess, audit, {
    candidateId: candidate.id,
    language: 'en',
    version: noticeHash(english),
    answers: { RECORDING: true, AI_ANALYSIS: true },
  })
  const colleague = await createMember(db, org.id, 'recruiter')
  const membership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: colleague.id } } })
  const customRole = await db.prisma.role.create({
    data: { orgId: org.id, key: `custom_${name}`, name: `${name} nothing`, permissions: [], builtIn: false },
  })
  const { invitation } = await inviteMember(
    db,
    { orgId: org.id, userId: owner.id, userName: 'Owner', audit },
    { email: `invitee-${name}@example.test`, roleId: (await roleOf(db, org.id, 'viewer')).id },
    'http://localhost',
  )
  // A member whose role holds no permission at all (uses the custom role).
  let powerless: Awaited<ReturnType<typeof createMember>> | null = null
  if (options.powerlessMember) {
    powerless = await createMember(db, org.id, 'viewer')
    await db.prisma.membership.update({
      where: { orgId_userId: { orgId: org.id, userId: powerless.id } },
      data: { roleId: customRole.id },
    })
  }
  // Operator support staff with a pending request for access to this organization.
  const staff = await createUser(db, { isStaff: true, email: `staff-${name}-${Date.now()}@hireproof.test` })
  const supportRequest = await db.prisma.supportGrant.create({
    data: { orgId: org.id, staffUserId: staff.id, reason: 'Ticket 1234: export fails', scope: 'read_only', status: 'requested', durationMinutes: 60, requestedAt: new Date() },
  })
  // A SCIM token and a SCIM group with the colleague in it.
  const scimToken = await db.prisma.scimToken.create({
    data: { orgId: org.id, name: 'Entra ID', tokenHash: `fixture-${name}-${Date.now()}`, prefix: 'hp_scim_fixtur', createdById: owner.id },
  })
  const scimGroup = await db.prisma.scimGroup.create({
    data: { orgId: org.id, displayName: `${name} group`, members: { create: [{ membershipId: membership.id }] } },
  })
  const domain = await db.prisma.verifiedDomain.create({
    data: { orgId: org.id, domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now()}.example.test`, verificationToken: 'fixture' },
  })
  // An interview with a transcript, and a rubric to analyse it against.
  const application = await db.prisma.application.findFirstOrThrow({ where: { candidateId: candidate.id } })
  const interview = await db.prisma.interview.create({ data: { orgId: org.id, applicationId: application.id, title: 'Screening call', createdById: owner.id } })
  await db.prisma.transcript.create({
    data: {
      orgId: org.id,
      interviewId: interview.id,
      source: 'import:text',
      segments: {
        create: [
          { index: 0, speaker: 'Interviewer', startMs: 0, endMs: 4000, text: 'How do you test your code?' },
          { index: 1, speaker: 'Candidate', startMs: 4000, endMs: 20000, text: 'I write unit tests first and review every change.' },
        ],
      },
    },
  })
  await db.prisma.rubricCompetency.create({ data: { orgId: org.id, jobId: job.id, name: 'Testing', weight: 2, position: 0 } })
  // A video interview on the same application, with one question and one unsent take (its file is not needed here).
  const videoInterview = await db.prisma.interview.create({
    data: {
      orgId: org.id,
      applicationId: application.id,
      title: 'Video interview',
      createdById: owner.id,
      videoInterview: {
        create: {
          orgId: org.id,
          tokenHash: `fixture-${name}-${Date.now()}`,
          expiresAt: new Date(Date.now() + 14 * 86_400_000),
          answerSeconds: 120,
          maxTakes: 3,
          createdById: owner.id,
          questions: { create: [{ orgId: org.id, position: 0, prompt: 'How do you test your code?' }] },
        },
      },
    },
    include: { videoInterview: { include: { questions: true } } },
  })
  const question = videoInterview.videoInterview!.questions[0]!
  const take = await db.prisma.videoAnswerTake.create({
    data: {
      orgId: org.id,
      videoInterviewId: videoInterview.videoInterview!.id,
      questionId: question.id,
      storageKey: `org/${org.id}/video-answers/fixture-${Date.now()}`,
      contentType: 'video/webm',
      sizeBytes: 0n,
      sha256: '0'.repeat(64),
    },
  })
  // An open data-subject request (access) about the candidate.
  const privacyRequest = await db.prisma.privacyRequest.create({
    data: { orgId: org.id, kind: 'ACCESS', candidateId: candidate.id, subjectRef: `fixture-${candidate.id}`, dueAt: new Date(Date.now() + 30 * 86_400_000), createdById: owner.id },
  })
  // A retention rule that matches nothing yet (ten years).
  const retentionRule = await db.prisma.retentionRule.create({
    data: { orgId: org.id, dataKind: 'ANALYSES', action: 'DELETE', afterDays: 3650, createdById: owner.id },
  })
  // An email the mail provider refused until its attempts ran out.
  const failedEmail = await db.prisma.outboxEmail.create({
    data: {
      orgId: org.id,
      to: `candidate-${name}@example.test`,
      subject: 'Your interview',
      text: 'Hello',
      html: '<p>Hello</p>',
      template: 'consentRequest',
      status: 'FAILED',
      attempts: 10,
      lastError: 'Mailgun answered 500',
    },
  })
  await db.prisma.backgroundJob.create({
    data: { kind: 'send-email', key: `email:${failedEmail.id}`, orgId: org.id, payload: { outboxId: failedEmail.id }, status: 'FAILED', attempts: 10, maxAttempts: 10 },
  })
  const ids: Record<string, string> = {
    orgId: org.id,
    jobId: job.id,
    candidateId: candidate.id,
    roleId: customRole.id,
    membershipId: membership.id,
    userId: colleague.id,
    invitationId: invitation.id,
    eventId: (await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id } })).id,
    grantId: supportRequest.id,
    tokenId: scimToken.id,
    domainId: domain.id,
    defaultRoleId: customRole.id,
    applicationId: application.id,
    interviewId: interview.id,
    questionId: question.id,
    takeId: take.id,
    requestId: privacyRequest.id,
    ruleId: retentionRule.id,
    emailId: failedEmail.id,
    toStageId: (await db.prisma.pipelineStage.findFirstOrThrow({ where: { jobId: job.id, name: 'Interview' } })).id,
    // Not a record id: a SAML entity ID (a URI) in the SSO setup form.
    idpEntityId: 'https://idp.example.test/metadata',
    groupId: scimGroup.id,
    sessionId: (await createSession(db.prisma, { userId: colleague.id, activeOrgId: org.id, meta: testMeta() })).session.id,
  }
  return { org, owner, powerless, staff, ids }
}
