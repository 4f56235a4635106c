import crypto from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import {
  anonymousCaller,
  browserCaller,
  callerAs,
  createMember,
  createOrgWithOwner,
  createUser,
  enrolTwoFactor,
  roleOf,
  runQueuedJobs,
  testEnv,
  testMeta,
  unique,
} from '../factories'
import { candidateWithHistory } from '../factories/recruiting'
import { expectTRPCError } from './expect-error'
import { hashPassword } from '../../server/auth/password'
import { hashToken } from '../../server/auth/tokens'
import { systemAuditContext } from '../../server/audit/append'
import { inviteMember } from '../../server/services/invitations/invitations'
import { accountExportCsv, accountExportJson } from '../../server/services/accounts/account-export'
import { accountDeletionJobKey, requeueStalledAccountDeletions } from '../../server/services/accounts/account-deletion'
import { createUser as scimCreateUser } from '../../server/services/scim/scim-users'
import { userSchema } from '../../server/scim/resources'
import { ScimError } from '../../server/scim/errors'
import { parseEnv } from '../../server/env'
import { selectAuthProvider } from '../../server/auth/provider'
import { isDeletedInClerk } from '../../server/auth/clerk/clerk-users'
import { generateSigningKey, signClerkJwt, startClerkApi } from '../support/clerk-api'
import { createTestIdp } from '../support/saml-idp'
import { parseAuthnRequest } from '../support/saml-idp-server'
import { serviceProviderFor } from '../../server/services/sso/sso-connections'
import { everyRow } from '../support/every-row'

/**
 * Data-subject rights of users, self-serve, through the procedures on the
 * real database: the export holds everything about the signed-in user and
 * nothing of anyone else; a deletion needs the password (or the typed email
 * without one), is refused while the user would leave an organization
 * without a member, owner or member manager, and otherwise signs them out at
 * once, bars every sign-in path, and lets the job erase them: afterwards the
 * email and name are nowhere in the database but in the audit log's record
 * of who did what (actorEmail, and the labels naming a user that events
 * about them carry).
 */
const db = await useTestDatabase()
const password = 'quinn-password-long'

async function collect(chunks: AsyncGenerator<string>) {
  let text = ''
  for await (const chunk of chunks) text += chunk
  return text
}

/**
 * Quinn, an admin of an organization with history (a candidate, an
 * interview, the owner's scorecard), who joined by invitation, signed in
 * from their own browser, turned on two-factor, was assigned to the job and
 * the interview, wrote a scorecard and invited someone.
 */
async function quinnWithHistory() {
  const history = await candidateWithHistory(db)
  const { caller: ownerCaller, job, interviewId } = history
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: history.org.id } })
  const owner = await db.prisma.user.findUniqueOrThrow({ where: { id: history.owner.id } })
  const marker = unique('qz')
  const passwordHash = await hashPassword(password)
  const quinn = await createUser(db, { email: `quinn.${marker}@example.test`, name: `Quinn ${marker}`, passwordHash })
  const admin = await roleOf(db, org.id, 'admin')
  const { token } = await inviteMember(
    db,
    { orgId: org.id, userId: owner.id, userName: 'Owner', audit: systemAuditContext() },
    { email: quinn.email, roleId: admin.id },
    'http://localhost',
  )
  const meta = testMeta({ ip: '198.51.100.23', userAgent: `QuinnBrowser/${marker}` })
  const browser = browserCaller(db, undefined, meta)
  await browser.caller.auth.signIn({ email: quinn.email, password })
  await browser.caller.invitation.accept({ token })
  const { recoveryCodes } = await enrolTwoFactor(db, quinn)
  await ownerCaller.job.setAssignment({ jobId: job.id, userId: quinn.id, assigned: true })
  await ownerCaller.interview.setParticipant({ interviewId, userId: quinn.id, present: true })
  const { caller } = await callerAs(db, quinn.id, org.id)
  const [competency] = (await caller.job.pipeline({ jobId: job.id })).competencies
  await caller.interview.submitScorecard({
    interviewId,
    ratings: [{ competencyId: competency!.id, rating: 4 }],
    recommendation: 'STRONG_YES',
    summary: `Quinn thinks ${marker} is great`,
  })
  const invitee = `invitee.${marker}@example.test`
  await caller.invitation.create({ email: invitee, roleId: (await roleOf(db, org.id, 'viewer')).id })
  return {
    ...history,
    org,
    owner,
    ownerEmail: owner.email,
    candidateMarker: history.marker,
    quinn,
    marker,
    meta,
    browser,
    caller,
    recoveryCodes,
    invitee,
  }
}

describe('downloading my data', () => {
  it('holds everything about me and nothing of anyone else, as JSON and CSV; audited', async () => {
    const q = await quinnWithHistory()
    expect(await q.caller.account.beginExport({ format: 'json' })).toEqual({ userId: q.quinn.id, format: 'json' })
    const exported = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: q.org.id, action: 'account.exported' } })
    expect(exported).toMatchObject({ actorId: q.quinn.id, targets: [{ type: 'user', id: q.quinn.id }], metadata: { format: 'json' } })

    const json = await collect(accountExportJson(db, q.quinn.id))
    const data = JSON.parse(json)
    expect(data.format).toBe('hireproof-account-export/1')
    expect(data.profile).toMatchObject({ id: q.quinn.id, name: q.quinn.name, email: q.quinn.email, signInMethods: ['password'] })
    expect(data.memberships).toEqual([
      expect.objectContaining({
        organizationId: q.org.id,
        organization: q.org.name,
        role: 'Admin',
        status: 'ACTIVE',
        provisionedBy: 'invitation',
      }),
    ])
    expect(data.sessions).toContainEqual(expect.objectContaining({ ip: '198.51.100.23', userAgent: q.meta.userAgent, authMethod: 'password' }))
    expect(data.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 10 })
    expect(data.jobAssignments).toEqual([expect.objectContaining({ jobId: q.job.id, job: 'Analyst', organization: q.org.name })])
    expect(data.interviewParticipations).toEqual([expect.objectContaining({ interviewId: q.interviewId, interview: 'Screening call' })])
    expect(data.scorecards).toEqual([
      expect.objectContaining({ interviewId: q.interviewId, recommendation: 'STRONG_YES', summary: `Quinn thinks ${q.marker} is great` }),
    ])
    expect(data.invitations).toEqual([expect.objectContaining({ organization: q.org.name, status: 'accepted' })])
    const actions = data.auditEvents.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['invitation.accepted', 'scorecard.submitted', 'invitation.created', 'account.exported']))
    expect(data.auditEvents.find((e: { action: string }) => e.action === 'invitation.accepted')).toMatchObject({
      organizationId: q.org.id,
      organization: q.org.name,
      ip: '198.51.100.23',
    })

    // Never secrets, never other people.
    const factor = await db.prisma.twoFactor.findUniqueOrThrow({ where: { userId: q.quinn.id } })
    const sessions = await db.prisma.session.findMany({ where: { userId: q.quinn.id } })
    const secrets = [factor.secretSealed, ...q.recoveryCodes, ...sessions.map((s) => s.tokenHash), q.quinn.passwordHash ?? 'no hash']
    for (const secret of secrets) expect(json).not.toContain(secret)
    for (const foreign of [q.ownerEmail, q.person.email, q.person.name, `Strong at ${q.candidateMarker}`, q.invitee]) {
      expect(json).not.toContain(foreign)
    }

    const csv = await collect(accountExportCsv(db, q.quinn.id))
    expect(csv.split('\r\n')[0]).toBe('section,item,field,value')
    expect(csv).toContain(`profile,,email,${q.quinn.email}`)
    expect(csv).toContain('audit_event,')
    for (const foreign of [q.ownerEmail, q.person.email, q.invitee]) expect(csv).not.toContain(foreign)
  })

  it('neutralises CSV cells that start like formulas', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    await caller.account.rename({ name: '=HYPERLINK("https://evil.example","click")' })
    await db.prisma.membership.updateMany({ where: { userId: owner.id }, data: { scimAttributes: { title: '+SUM(A1:A9)', note: '@cmd' } } })
    const csv = await collect(accountExportCsv(db, owner.id))
    expect(csv).toContain(`profile,,name,"'=HYPERLINK(""https://evil.example"",""click"")"`)
    // Every cell, quoted or not, starts with something a spreadsheet does not run.
    for (const line of csv.split('\r\n')) expect(line).not.toMatch(/(^|,)"?[=+\-@]/)
  })

  it('needs a session', async () => {
    await expectTRPCError(anonymousCaller(db).caller.account.beginExport({ format: 'csv' }), 'UNAUTHORIZED')
  })
})

describe('changing my name', () => {
  it('is audited in each of my organizations without the names; bad input changes nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    await expectTRPCError(caller.account.rename({ name: '   ' }), 'BAD_REQUEST')
    await expectTRPCError(caller.account.rename({ name: 'Bell\u0007' }), 'BAD_REQUEST')
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).name).toBe(owner.name)
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: 'account.renamed' } })).toBe(0)

    expect(await caller.account.rename({ name: '  Rae Renamed ' })).toEqual({ name: 'Rae Renamed', changed: true })
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).name).toBe('Rae Renamed')
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'account.renamed' } })
    expect(event).toMatchObject({ actorId: owner.id, metadata: { changed: ['name'] } })
    expect(JSON.stringify(event)).not.toContain('Rae')
    expect(await caller.account.rename({ name: 'Rae Renamed' })).toEqual({ name: 'Rae Renamed', changed: false })
  })
})

describe('deleting my account', () => {
  it('with a wrong password is refused and changes nothing', async () => {
    const q = await quinnWithHistory()
    const jobs = await db.prisma.backgroundJob.count()
    const events = await db.prisma.auditEvent.count({ where: { orgId: q.org.id } })
    const error = await expectTRPCError(q.caller.account.requestDeletion({ password: 'not my password' }), 'UNPROCESSABLE_CONTENT')
    expect(error.message).toMatch(/not your current password. Nothing was deleted/)
    await expectTRPCError(q.caller.account.requestDeletion({}), 'UNPROCESSABLE_CONTENT')
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: q.quinn.id } })).deletionRequestedAt).toBeNull()
    expect(await db.prisma.session.count({ where: { userId: q.quinn.id, revokedAt: { not: null } } })).toBe(0)
    expect(await db.prisma.backgroundJob.count()).toBe(jobs)
    expect(await db.prisma.auditEvent.count({ where: { orgId: q.org.id } })).toBe(events)
    expect((await q.caller.me.get()).user.id).toBe(q.quinn.id)
  })

  it('is refused while I would leave an organization without a member, an owner, or a member manager', async () => {
    // The only member of their own organization.
    const solo = anonymousCaller(db)
    const soloEmail = `${unique('solo')}@example.test`
    await solo.caller.auth.signUp({ name: 'Sol Solo', email: soloEmail, password, organizationName: 'Solo Ltd', ageConfirmed: true })
    const soloView = await solo.caller.account.privacy()
    expect(soloView.blockers).toEqual([expect.objectContaining({ reason: 'only_member', orgName: 'Solo Ltd' })])
    const refused = await expectTRPCError(solo.caller.account.requestDeletion({ password }), 'UNPROCESSABLE_CONTENT')
    expect(refused.message).toMatch(/only active member of Solo Ltd: schedule the organization’s deletion first/)
    // Once the organization is scheduled for deletion, it no longer holds the account back.
    await solo.caller.org.scheduleDeletion({ mode: 'DELETE', days: 7, confirmName: 'Solo Ltd' })
    expect((await solo.caller.account.privacy()).blockers).toEqual([])

    // The last owner, with a recruiter beside them.
    const { org, owner } = await createOrgWithOwner(db)
    await db.prisma.user.update({ where: { id: owner.id }, data: { passwordHash: await hashPassword(password) } })
    await createMember(db, org.id, 'recruiter')
    const { caller } = await callerAs(db, owner.id, org.id)
    expect((await expectTRPCError(caller.account.requestDeletion({ password }), 'UNPROCESSABLE_CONTENT')).message).toMatch(
      new RegExp(`last owner of ${org.name}`),
    )
    // Another owner who asked for deletion themselves does not count.
    const other = await createMember(db, org.id, 'owner')
    await db.prisma.user.update({ where: { id: other.id }, data: { deletionRequestedAt: new Date() } })
    expect((await caller.account.privacy()).blockers).toEqual([expect.objectContaining({ reason: 'last_owner' })])

    // The only member able to manage members (owners stay): an admin whose owner lost the permission by an override.
    const second = await createOrgWithOwner(db)
    const manager = await createMember(db, second.org.id, 'admin')
    await db.prisma.user.update({ where: { id: manager.id }, data: { passwordHash: await hashPassword(password) } })
    const ownerMembership = await db.prisma.membership.findFirstOrThrow({ where: { orgId: second.org.id, userId: second.owner.id } })
    await db.prisma.permissionOverride.create({
      data: { orgId: second.org.id, membershipId: ownerMembership.id, permission: 'members.manage', effect: 'DENY', createdById: manager.id },
    })
    const managerCaller = (await callerAs(db, manager.id, second.org.id)).caller
    expect((await expectTRPCError(managerCaller.account.requestDeletion({ password }), 'UNPROCESSABLE_CONTENT')).message).toMatch(
      /only member of .* who can manage members/,
    )
    expect(await db.prisma.user.count({ where: { id: { in: [owner.id, manager.id] }, deletionRequestedAt: { not: null } } })).toBe(0)
    const keys = [accountDeletionJobKey(owner.id), accountDeletionJobKey(manager.id)]
    expect(await db.prisma.backgroundJob.count({ where: { key: { in: keys } } })).toBe(0)
  })

  it('signs me out everywhere, bars sign-in, and the job erases me: nothing remains but the audit log’s record', async () => {
    const q = await quinnWithHistory()
    const other = browserCaller(db, undefined, testMeta())
    await other.caller.auth.signIn({ email: q.quinn.email, password }).catch(() => undefined) // second factor pending
    expect(await db.prisma.pendingSignIn.count({ where: { userId: q.quinn.id } })).toBe(1)

    const deleting = browserCaller(db, (await callerAs(db, q.quinn.id, q.org.id)).token)
    const result = await deleting.caller.account.requestDeletion({ password })
    expect(result.sessionsEnded).toBeGreaterThanOrEqual(3)
    expect(deleting.currentToken()).toBeUndefined() // the cookie was cleared
    expect(await db.prisma.session.count({ where: { userId: q.quinn.id, revokedAt: null } })).toBe(0)
    expect(await db.prisma.pendingSignIn.count({ where: { userId: q.quinn.id } })).toBe(0)
    await expectTRPCError(q.browser.caller.me.get(), 'UNAUTHORIZED')
    const requested = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: q.org.id, action: 'account.deletion_requested' } })
    expect(requested).toMatchObject({ actorId: q.quinn.id, targets: [{ type: 'user', id: q.quinn.id }] })
    expect(JSON.stringify(requested.metadata)).not.toMatch(new RegExp(`${q.quinn.email}|${q.quinn.name}`))
    expect(await db.prisma.backgroundJob.findUniqueOrThrow({ where: { key: accountDeletionJobKey(q.quinn.id) } })).toMatchObject({
      kind: 'delete-user-account',
      status: 'QUEUED',
    })

    // No way back in, and no new account on the same address, while it is being deleted.
    const signIn = await expectTRPCError(anonymousCaller(db).caller.auth.signIn({ email: q.quinn.email, password }), 'FORBIDDEN')
    expect(signIn.message).toMatch(/being deleted/)
    const signUp = { name: 'Again', email: q.quinn.email, password, organizationName: 'Again Ltd', ageConfirmed: true } as const
    expect((await expectTRPCError(anonymousCaller(db).caller.auth.signUp(signUp), 'CONFLICT')).message).toMatch(/being deleted/)
    const session = await callerAs(db, q.quinn.id, q.org.id) // a session row made behind the app's back
    await expectTRPCError(session.caller.me.get(), 'UNAUTHORIZED')

    expect(await runQueuedJobs(db)).toContainEqual({ kind: 'delete-user-account', outcome: 'succeeded' })
    expect(await db.prisma.user.findUnique({ where: { id: q.quinn.id } })).toBeNull()
    const byUser = ['membership', 'session', 'twoFactor', 'recoveryCode', 'pendingSignIn', 'jobAssignment', 'interviewParticipant'] as const
    for (const table of byUser) {
      const delegate = db.prisma[table] as unknown as { count: (args: unknown) => Promise<number> }
      expect(await delegate.count({ where: { userId: q.quinn.id } }), table).toBe(0)
    }
    // What they made stays with the organization, by "Former member".
    expect(await db.prisma.scorecard.count({ where: { authorId: q.quinn.id } })).toBe(1)
    const ownerView = await (await callerAs(db, q.owner.id, q.org.id)).caller.interview.scorecards({ interviewId: q.interviewId })
    expect(ownerView.map((s: { author: string }) => s.author).sort()).toEqual(['Former member', 'Test User'])
    // The invitation they sent still works, without their name.
    const copy = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: q.invitee } })
    expect(copy.subject).toMatch(/^A member invited you to/)
    expect(await db.prisma.invitation.count({ where: { email: q.invitee, acceptedAt: null, revokedAt: null } })).toBe(1)
    const deleted = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: q.org.id, action: 'account.deleted' } })
    expect(deleted).toMatchObject({ actorType: 'SYSTEM', targets: [{ type: 'user', id: q.quinn.id }] })

    // Search every table: the email survives only in the audit log, as the actor of what they did and as the
    // label of events that named them; the name nowhere.
    const rows = await everyRow(db)
    expect(rows.filter((r) => r.text.includes(q.quinn.name))).toEqual([])
    const withEmail = rows.filter((r) => r.text.includes(q.quinn.email))
    expect(withEmail.length).toBeGreaterThan(0)
    expect(new Set(withEmail.map((r) => r.table))).toEqual(new Set(['AuditEvent']))
    for (const row of withEmail) {
      const event = JSON.parse(row.text) as { actorEmail: string | null; targets: { label?: string }[] }
      const targets = event.targets.map((t) => ({ ...t, label: t.label === q.quinn.email ? null : t.label }))
      const rest = { ...event, actorEmail: null, targets }
      expect(JSON.stringify(rest), row.text).not.toContain(q.quinn.email)
    }
    expect(withEmail.some((r) => (JSON.parse(r.text) as { actorEmail: string }).actorEmail === q.quinn.email)).toBe(true)
    // e.g. invitation.created and job.assignment_added, written by the owner, name the user by email.
    const labels = (r: { text: string }) => (JSON.parse(r.text) as { targets: { label?: string }[] }).targets.map((t) => t.label)
    const labelled = withEmail.filter((r) => labels(r).includes(q.quinn.email))
    expect(labelled.length).toBeGreaterThan(0)

    // Gone: the address signs in nowhere and can start afresh.
    await expectTRPCError(anonymousCaller(db).caller.auth.signIn({ email: q.quinn.email, password }), 'UNAUTHORIZED')
    const fresh = await anonymousCaller(db).caller.auth.signUp(signUp)
    expect(fresh.userId).not.toBe(q.quinn.id)
  })

  it('without a password, is confirmed by typing my email; SCIM and SSO cannot bring the account back until it is gone', async () => {
    const { org } = await createOrgWithOwner(db)
    const domain = `${org.id.toLowerCase()}.example.test`
    const viewer = await roleOf(db, org.id, 'viewer')
    const idp = createTestIdp({ entityId: 'https://idp.example.test/metadata' })
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
    await db.prisma.verifiedDomain.create({ data: { orgId: org.id, domain, verificationToken: 't', verifiedAt: new Date() } })
    await db.prisma.ssoConnection.create({
      data: {
        orgId: org.id,
        idpEntityId: idp.entityId,
        idpSsoUrl: 'https://idp.example.test/sso',
        idpCertificates: [idp.certificatePem],
        defaultRoleId: viewer.id,
        attributeMapping: { email: 'email', firstName: 'firstName', lastName: 'lastName', displayName: 'displayName' },
        enabled: true,
        lastTestedAt: new Date(),
      },
    })
    const sp = serviceProviderFor(testEnv.appUrl, org.id)
    /** A SAML sign-in started here and answered by the identity provider, just-in-time provisioning on. */
    const ssoSignIn = async () => {
      const browser = browserCaller(db)
      const { url } = await browser.caller.sso.start({ email })
      const { id } = parseAuthnRequest(new URL(url).searchParams.get('SAMLRequest')!)
      const attributes = { email, displayName: 'Sam Sso' }
      const response = idp.response({ acsUrl: sp.acsUrl, audience: sp.entityId, inResponseTo: id, nameId: email, attributes })
      return browser.caller.sso.consume({ orgId: org.id, samlResponse: response.base64 })
    }
    const email = `${unique('sam')}@${domain}`
    expect(await ssoSignIn()).toMatchObject({ kind: 'signed_in', provisioned: true })
    const sam = await db.prisma.user.findUniqueOrThrow({ where: { email } })
    const { caller } = await callerAs(db, sam.id, org.id)
    expect(await caller.account.privacy()).toMatchObject({ hasPassword: false, blockers: [] })
    const wrong = await expectTRPCError(caller.account.requestDeletion({ confirmEmail: 'someone@else.test' }), 'UNPROCESSABLE_CONTENT')
    expect(wrong.message).toMatch(/not your account’s/)
    await caller.account.requestDeletion({ confirmEmail: email.toUpperCase() })

    const refused = await expectTRPCError(ssoSignIn(), 'UNAUTHORIZED')
    expect(refused.message).toMatch(/being deleted/)
    expect(await db.prisma.session.count({ where: { userId: sam.id, revokedAt: null } })).toBe(0)
    const scim = { orgId: org.id, baseUrl: 'http://localhost/scim/v2', audit: systemAuditContext() }
    const body = { schemas: [userSchema], userName: email, displayName: 'Sam Again', active: true }
    const conflict = await scimCreateUser(db, scim, body).catch((e: unknown) => e)
    expect(conflict).toBeInstanceOf(ScimError)
    expect(conflict).toMatchObject({ status: 409, message: expect.stringMatching(/being deleted/) as string })
    expect(await db.prisma.user.count({ where: { email } })).toBe(1)

    await runQueuedJobs(db)
    expect(await db.prisma.user.findUnique({ where: { id: sam.id } })).toBeNull()
    expect(await db.prisma.ssoFailure.count({ where: { email } })).toBe(0)
    // Once the row is gone, the identity provider's sign-in makes a fresh account, and so does SCIM elsewhere.
    expect(await ssoSignIn()).toMatchObject({ kind: 'signed_in', provisioned: true })
    const again = await db.prisma.user.findUniqueOrThrow({ where: { email } })
    expect(again.id).not.toBe(sam.id)
    expect(again.deletionRequestedAt).toBeNull()
    await db.prisma.membership.deleteMany({ where: { userId: again.id } })
    await scimCreateUser(db, scim, body)
    expect(await db.prisma.membership.count({ where: { userId: again.id, provisionedBy: 'scim' } })).toBe(1)
  })

  it('a deletion whose job failed for good, or was never written, is queued again after an hour', async () => {
    const { org } = await createOrgWithOwner(db)
    const failed = await createMember(db, org.id, 'viewer')
    const missing = await createMember(db, org.id, 'viewer')
    const recent = await createMember(db, org.id, 'viewer')
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    await db.prisma.user.updateMany({ where: { id: { in: [failed.id, missing.id] } }, data: { deletionRequestedAt: twoHoursAgo } })
    await db.prisma.user.update({ where: { id: recent.id }, data: { deletionRequestedAt: new Date() } })
    await db.prisma.backgroundJob.create({
      data: {
        kind: 'delete-user-account',
        key: accountDeletionJobKey(failed.id),
        payload: { userId: failed.id },
        status: 'FAILED',
        lastError: 'Clerk was down',
      },
    })
    expect(await requeueStalledAccountDeletions(db)).toBe(2)
    expect(await requeueStalledAccountDeletions(db)).toBe(0) // idempotent
    await runQueuedJobs(db)
    expect(await db.prisma.user.count({ where: { id: { in: [failed.id, missing.id] } } })).toBe(0)
    expect(await db.prisma.user.count({ where: { id: recent.id } })).toBe(1) // its own job is not due to the sweep
  })

  it('operator accounts are not closed here', async () => {
    const staff = await createUser(db, { isStaff: true, passwordHash: await hashPassword(password) })
    const { caller } = await callerAs(db, staff.id, null)
    await expectTRPCError(caller.account.requestDeletion({ password }), 'FORBIDDEN')
  })
})

describe('deleting a Clerk account', () => {
  const secretKey = 'sk_test_hireproofclerk'
  const publishableKey = `pk_test_${Buffer.from('clerk.hireproof.test$').toString('base64')}`
  const key = generateSigningKey()
  const apiPromise = startClerkApi({ secretKey, key })
  afterAll(async () => (await apiPromise).close())

  it('deletes the Clerk user too, and no Clerk token opens the account meanwhile or afterwards', async () => {
    const api = await apiPromise
    const env = parseEnv({
      NODE_ENV: 'test',
      APP_URL: testEnv.appUrl,
      LOG_LEVEL: 'silent',
      CLERK_SECRET_KEY: secretKey,
      CLERK_PUBLISHABLE_KEY: publishableKey,
      CLERK_WEBHOOK_SECRET: `whsec_${crypto.randomBytes(24).toString('base64')}`,
      CLERK_API_URL: api.url,
      STORAGE_DIR: testEnv.STORAGE_DIR,
    })
    const provider = selectAuthProvider(env)
    const { org } = await createOrgWithOwner(db)
    const clerkUserId = `user_${crypto.randomBytes(8).toString('hex')}`
    const email = `${unique('clerk')}@example.test`
    api.users.set(clerkUserId, { id: clerkUserId, email })
    const user = await createUser(db, { email, name: 'Cleo Clerk' })
    await db.prisma.user.update({ where: { id: user.id }, data: { clerkUserId } })
    const recruiter = await roleOf(db, org.id, 'recruiter')
    await db.prisma.membership.create({ data: { orgId: org.id, userId: user.id, roleId: recruiter.id, provisionedBy: 'clerk' } })
    const tokenFor = (sid: string) => signClerkJwt(key, { sub: clerkUserId, sid, azp: testEnv.appUrl })
    const authenticate = (token: string) =>
      provider.authenticate(new Request(`${testEnv.appUrl}/app`, { headers: { cookie: `__session=${token}`, 'user-agent': 'vitest' } }), db)
    expect((await authenticate(tokenFor('sess_before')))?.user.id).toBe(user.id)

    const { caller } = await callerAs(db, user.id, org.id)
    await caller.account.requestDeletion({ confirmEmail: email })
    expect(await authenticate(tokenFor('sess_before'))).toBeNull() // the mirrored session ended
    expect(await authenticate(tokenFor('sess_new'))).toBeNull() // and no new one opens
    expect(await db.prisma.session.count({ where: { tokenHash: hashToken('clerk:sess_new') } })).toBe(0)

    expect(await runQueuedJobs(db, env)).toContainEqual({ kind: 'delete-user-account', outcome: 'succeeded' })
    expect(api.requests).toContain(`DELETE /v1/users/${clerkUserId}`)
    expect(api.users.has(clerkUserId)).toBe(false)
    expect(await db.prisma.user.findUnique({ where: { id: user.id } })).toBeNull()
    expect(await isDeletedInClerk(db.prisma, clerkUserId)).toBe(true)
    // A token minted before the deletion cannot bring the account back.
    expect(await authenticate(tokenFor('sess_late'))).toBeNull()
    expect(await db.prisma.user.count({ where: { OR: [{ email }, { clerkUserId }] } })).toBe(0)
  })
})
