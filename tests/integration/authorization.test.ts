import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { callerAs, createMember, createOrgWithOwner, roleOf } from '../factories'
import { expectTRPCError } from './expect-error'
import { verifyAuditChain } from '../../server/audit/verify'

const db = await useTestDatabase()

const noVisibilityLimits = {
  description: '',
  jobVisibility: 'ALL' as const,
  seeCandidateContact: true,
  seeCompensation: true,
  seeAiScores: true,
  seeRecordings: true,
}

async function membershipOf(orgId: string, userId: string) {
  return db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } } })
}

async function lastAudit(orgId: string) {
  return db.prisma.auditEvent.findFirstOrThrow({ where: { orgId }, orderBy: { seq: 'desc' } })
}

describe('per-user overrides', () => {
  it('effective permissions are (role ∪ grants) − denies, enforced on the next call', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const recruiter = await createMember(db, org.id, 'recruiter')
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const member = (await callerAs(db, recruiter.id, org.id)).caller
    const membership = await membershipOf(org.id, recruiter.id)

    expect(await member.candidate.list()).toEqual([])
    await admin.member.setOverride({ membershipId: membership.id, permission: 'candidates.read', effect: 'DENY', reason: 'on leave' })
    await expectTRPCError(member.candidate.list(), 'FORBIDDEN')

    await admin.member.setOverride({ membershipId: membership.id, permission: 'audit.read', effect: 'GRANT', reason: 'helps with the review' })
    const view = await admin.member.getAccess({ membershipId: membership.id })
    expect(view.effective).toContain('audit.read')
    expect(view.effective).not.toContain('candidates.read')
    expect(view.role.permissions).toContain('candidates.read')
    expect(view.overrides.map((o) => [o.permission, o.effect]).sort()).toEqual([
      ['audit.read', 'GRANT'],
      ['candidates.read', 'DENY'],
    ])
    const me = await member.me.get()
    expect(me.permissions).toContain('audit.read')
    expect(me.permissions).not.toContain('candidates.read')

    await admin.member.setOverride({ membershipId: membership.id, permission: 'candidates.read', effect: 'NONE', reason: '' })
    expect(await member.candidate.list()).toEqual([])

    const event = await lastAudit(org.id)
    expect(event.action).toBe('member.override_cleared')
    expect(event.metadata).toMatchObject({ permission: 'candidates.read', before: { effect: 'DENY' } })
  })

  it('a grant lets a viewer do one more thing, and nothing else', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const viewer = await createMember(db, org.id, 'viewer')
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const member = (await callerAs(db, viewer.id, org.id)).caller
    const job = { title: 'Data engineer', description: '', location: 'Berlin', region: 'EU' as const, currency: 'EUR' }
    await expectTRPCError(member.job.create(job), 'FORBIDDEN')
    await admin.member.setOverride({ membershipId: (await membershipOf(org.id, viewer.id)).id, permission: 'jobs.create', effect: 'GRANT', reason: '' })
    expect((await member.job.create(job)).title).toBe('Data engineer')
    await expectTRPCError(member.candidate.create({ name: 'Someone', location: '' }), 'FORBIDDEN')
  })

  it('nobody grants what they do not hold, and nobody overrides themselves', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const adminUser = await createMember(db, org.id, 'admin')
    const viewer = await createMember(db, org.id, 'viewer')
    const admin = (await callerAs(db, adminUser.id, org.id)).caller
    const before = await db.prisma.permissionOverride.count()
    const error = await expectTRPCError(
      admin.member.setOverride({ membershipId: (await membershipOf(org.id, viewer.id)).id, permission: 'billing.manage', effect: 'GRANT', reason: '' }),
      'FORBIDDEN',
    )
    expect(error.message).toContain('billing.manage')
    await expectTRPCError(
      admin.member.setOverride({ membershipId: (await membershipOf(org.id, adminUser.id)).id, permission: 'audit.read', effect: 'DENY', reason: '' }),
      'FORBIDDEN',
    )
    const ownerCaller = (await callerAs(db, owner.id, org.id)).caller
    await expectTRPCError(
      ownerCaller.member.setOverride({ membershipId: (await membershipOf(org.id, viewer.id)).id, permission: 'no.such' as never, effect: 'GRANT', reason: '' }),
      'BAD_REQUEST',
    )
    expect(await db.prisma.permissionOverride.count()).toBe(before)
  })

  it('a stale permission string in a role grants nothing (deny on doubt)', async () => {
    const { org } = await createOrgWithOwner(db)
    const user = await createMember(db, org.id, 'viewer')
    const role = await db.prisma.role.create({
      data: { orgId: org.id, key: 'stale', name: 'Stale', permissions: ['legacy.everything', 'jobs.read'] },
    })
    await db.prisma.membership.update({ where: { orgId_userId: { orgId: org.id, userId: user.id } }, data: { roleId: role.id } })
    const { caller } = await callerAs(db, user.id, org.id)
    expect((await caller.me.get()).permissions).toEqual(['jobs.read'])
  })
})

describe('visibility settings are applied in the queries', () => {
  async function setup() {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const limited = await admin.role.create({
      ...noVisibilityLimits,
      name: 'Agency recruiter',
      permissions: ['jobs.read', 'candidates.read', 'candidates.create'],
      jobVisibility: 'ASSIGNED',
      seeCandidateContact: false,
      seeCompensation: false,
    })
    const agent = await createMember(db, org.id, 'viewer')
    await admin.member.changeRole({ membershipId: (await membershipOf(org.id, agent.id)).id, roleId: limited.id })
    const mine = await admin.job.create({ title: 'Mine', description: '', location: '', region: 'EU', currency: 'EUR', compensationMin: 50_000, compensationMax: 70_000 })
    const other = await admin.job.create({ title: 'Other', description: '', location: '', region: 'EU', currency: 'EUR' })
    await admin.job.setAssignment({ jobId: mine.id, userId: agent.id, assigned: true })
    const visibleCandidate = await admin.candidate.create({ name: 'Vera Visible', email: 'vera@example.test', phone: '+1 555 0100', location: '', expectedCompensation: 60_000, jobId: mine.id })
    const hiddenCandidate = await admin.candidate.create({ name: 'Hugo Hidden', location: '', jobId: other.id })
    const agentCaller = (await callerAs(db, agent.id, org.id)).caller
    return { admin, agent, agentCaller, mine, other, visibleCandidate, hiddenCandidate }
  }

  it('assigned-only roles see only their jobs and those jobs’ candidates', async () => {
    const s = await setup()
    expect((await s.agentCaller.job.list()).map((j) => j.title)).toEqual(['Mine'])
    await expectTRPCError(s.agentCaller.job.get({ jobId: s.other.id }), 'NOT_FOUND')
    expect((await s.agentCaller.candidate.list()).map((c) => c.name)).toEqual(['Vera Visible'])
    await expectTRPCError(s.agentCaller.candidate.get({ candidateId: s.hiddenCandidate.id }), 'NOT_FOUND')
    await expectTRPCError(s.agentCaller.candidate.create({ name: 'Sneaky', location: '', jobId: s.other.id }), 'NOT_FOUND')

    await s.admin.job.setAssignment({ jobId: s.other.id, userId: s.agent.id, assigned: true })
    expect((await s.agentCaller.job.list()).map((j) => j.title).sort()).toEqual(['Mine', 'Other'])
    await s.admin.job.setAssignment({ jobId: s.other.id, userId: s.agent.id, assigned: false })
    await expectTRPCError(s.agentCaller.job.get({ jobId: s.other.id }), 'NOT_FOUND')
  })

  it('hidden fields never leave the database for that role', async () => {
    const s = await setup()
    const candidate = await s.agentCaller.candidate.get({ candidateId: s.visibleCandidate.id })
    expect(candidate.name).toBe('Vera Visible')
    expect(candidate).not.toHaveProperty('email')
    expect(candidate).not.toHaveProperty('phone')
    expect(candidate).not.toHaveProperty('expectedCompensation')
    const job = await s.agentCaller.job.get({ jobId: s.mine.id })
    expect(job).not.toHaveProperty('compensationMin')

    const full = await s.admin.candidate.get({ candidateId: s.visibleCandidate.id })
    expect(full).toMatchObject({ email: 'vera@example.test', phone: '+1 555 0100', expectedCompensation: 60_000 })
  })
})

describe('role profiles', () => {
  it('are created, edited and deleted with audit events carrying before and after', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const role = await admin.role.create({ ...noVisibilityLimits, name: 'Sourcer', permissions: ['candidates.read', 'candidates.create'] })
    expect((await lastAudit(org.id)).action).toBe('role.created')

    await admin.role.update({ ...noVisibilityLimits, roleId: role.id, name: 'Sourcer', permissions: ['candidates.read'] })
    const updated = await lastAudit(org.id)
    expect(updated.action).toBe('role.updated')
    expect(updated.metadata).toMatchObject({
      before: { permissions: ['candidates.create', 'candidates.read'] },
      after: { permissions: ['candidates.read'] },
    })

    await admin.role.delete({ roleId: role.id })
    expect((await lastAudit(org.id)).action).toBe('role.deleted')
    await expectTRPCError(admin.role.get({ roleId: role.id }), 'NOT_FOUND')
    expect(await verifyAuditChain(db.prisma, org.id)).toMatchObject({ ok: true })
  })

  it('refuses missing dependencies, naming what is missing, and saves nothing', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const before = await db.prisma.role.count({ where: { orgId: org.id } })
    const error = await expectTRPCError(
      admin.role.create({ ...noVisibilityLimits, name: 'Broken', permissions: ['members.invite'] }),
      'UNPROCESSABLE_CONTENT',
    )
    expect(error.message).toBe('Missing dependencies: members.invite needs members.read, roles.read')
    expect(await db.prisma.role.count({ where: { orgId: org.id } })).toBe(before)
  })

  it('built-in roles are read-only templates; assigned roles cannot be deleted; names are unique', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const viewerRole = await roleOf(db, org.id, 'viewer')
    await expectTRPCError(admin.role.update({ ...noVisibilityLimits, roleId: viewerRole.id, name: 'Viewer', permissions: [] }), 'FORBIDDEN')
    await expectTRPCError(admin.role.delete({ roleId: viewerRole.id }), 'FORBIDDEN')

    const copy = await admin.role.create({ ...noVisibilityLimits, name: 'Viewer (EU)', permissions: viewerRole.permissions as never })
    const user = await createMember(db, org.id, 'viewer')
    await admin.member.changeRole({ membershipId: (await membershipOf(org.id, user.id)).id, roleId: copy.id })
    const conflict = await expectTRPCError(admin.role.delete({ roleId: copy.id }), 'CONFLICT')
    expect(conflict.message).toContain('assigned to 1 member(s)')
    await expectTRPCError(admin.role.create({ ...noVisibilityLimits, name: 'viewer (eu)', permissions: [] }), 'CONFLICT')
  })

  it('an admin cannot create a role with permissions they lack', async () => {
    const { org } = await createOrgWithOwner(db)
    const adminUser = await createMember(db, org.id, 'admin')
    const admin = (await callerAs(db, adminUser.id, org.id)).caller
    await expectTRPCError(admin.role.create({ ...noVisibilityLimits, name: 'Payer', permissions: ['billing.manage'] }), 'FORBIDDEN')
  })
})

describe('member roles', () => {
  it('changing a role is audited, and the last owner cannot be demoted', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const ownerMembership = await membershipOf(org.id, owner.id)
    const error = await expectTRPCError(
      admin.member.changeRole({ membershipId: ownerMembership.id, roleId: (await roleOf(db, org.id, 'viewer')).id }),
      'CONFLICT',
    )
    expect(error.message).toMatch(/at least one owner/)

    const user = await createMember(db, org.id, 'viewer')
    await admin.member.changeRole({ membershipId: (await membershipOf(org.id, user.id)).id, roleId: (await roleOf(db, org.id, 'owner')).id })
    const event = await lastAudit(org.id)
    expect(event).toMatchObject({ action: 'member.role_changed', actorId: owner.id, actorType: 'USER' })
    expect(event.metadata).toMatchObject({ before: { role: 'Viewer' }, after: { role: 'Owner' } })
    await admin.member.changeRole({ membershipId: ownerMembership.id, roleId: (await roleOf(db, org.id, 'viewer')).id })
  })
})

describe('built-in templates', () => {
  it('interviewers and hiring managers see only the jobs they are assigned to; interviewers see no contact details or pay', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const admin = (await callerAs(db, owner.id, org.id)).caller
    const interviewer = await createMember(db, org.id, 'interviewer')
    const job = await admin.job.create({ title: 'Assigned', description: '', location: '', region: 'EU', currency: 'EUR', compensationMin: 1, compensationMax: 2 })
    await admin.job.create({ title: 'Not assigned', description: '', location: '', region: 'EU', currency: 'EUR' })
    const candidate = await admin.candidate.create({ name: 'Cleo', email: 'cleo@example.test', location: '', jobId: job.id })
    await admin.job.setAssignment({ jobId: job.id, userId: interviewer.id, assigned: true })
    const { caller } = await callerAs(db, interviewer.id, org.id)
    expect((await caller.job.list()).map((j) => j.title)).toEqual(['Assigned'])
    const seen = await caller.candidate.get({ candidateId: candidate.id })
    expect(seen).not.toHaveProperty('email')
    expect((await roleOf(db, org.id, 'hiring_manager')).jobVisibility).toBe('ASSIGNED')
  })
})
