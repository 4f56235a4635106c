import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { browserCaller, callerAs, createOrgWithOwner, createUser } from '../factories'
import { expectTRPCError } from './expect-error'
import { roleTemplates } from '../../server/authz/role-templates'

const db = await useTestDatabase()

describe('organizations', () => {
  it('any signed-in user can create one, owns it, and is switched into it', async () => {
    const user = await createUser(db)
    const { caller } = await callerAs(db, user.id, null)
    const org = await caller.org.create({ name: '  Fresh Start  ' })
    expect(org.name).toBe('Fresh Start')
    expect(org.slug).toMatch(/^fresh-start-[0-9a-f]{6}$/)
    const me = await caller.me.get()
    expect(me.activeOrg?.id).toBe(org.id)
    expect(me.role?.name).toBe('Owner')
    const roles = await db.prisma.role.findMany({ where: { orgId: org.id } })
    expect(roles.map((r) => r.key).sort()).toEqual(roleTemplates.map((t) => t.key).sort())
  })

  it('switching moves the session to another org of the user and rotates its token', async () => {
    const { org: first, owner } = await createOrgWithOwner(db)
    const { caller, token, currentToken } = await callerAs(db, owner.id, first.id)
    const second = await caller.org.create({ name: 'Second' })
    expect((await caller.me.get()).activeOrg?.id).toBe(second.id)
    await caller.org.switch({ orgId: first.id })
    expect(currentToken()).toBeTruthy()
    expect(currentToken()).not.toBe(token)

    await expectTRPCError(browserCaller(db, token).caller.me.get(), 'UNAUTHORIZED')
    const me = await caller.me.get()
    expect(me.activeOrg?.id).toBe(first.id)
    expect(me.organizations.map((o) => o.id)).toEqual([first.id, second.id])
  })

  it('refuses to switch into an organization the user is not a member of, as if it did not exist', async () => {
    const { org: mine, owner } = await createOrgWithOwner(db)
    const { org: theirs } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, mine.id)
    await expectTRPCError(caller.org.switch({ orgId: theirs.id }), 'NOT_FOUND')
    await expectTRPCError(caller.org.switch({ orgId: 'does-not-exist' }), 'NOT_FOUND')
    expect((await caller.me.get()).activeOrg?.id).toBe(mine.id)
  })

  it('a suspended membership gives no access to the organization', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    await db.prisma.membership.updateMany({ where: { orgId: org.id, userId: owner.id }, data: { status: 'SUSPENDED' } })
    const { caller } = await callerAs(db, owner.id, org.id)
    await expectTRPCError(caller.member.list(), 'FORBIDDEN')
    await expectTRPCError(caller.org.switch({ orgId: org.id }), 'NOT_FOUND')
  })

  it('rejects a blank organization name and creates nothing', async () => {
    const user = await createUser(db)
    const { caller } = await callerAs(db, user.id, null)
    const before = await db.prisma.organization.count()
    await expectTRPCError(caller.org.create({ name: '   ' }), 'BAD_REQUEST')
    expect(await db.prisma.organization.count()).toBe(before)
  })
})
