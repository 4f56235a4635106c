import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { anonymousCaller, callerAs, createUser, unique } from '../factories'
import { buildTenant, type Tenant } from '../factories/tenant'
import { callByPath, listProcedures, sampleInput } from '../setup/procedures'
import { hashPassword } from '../../server/auth/password'
import { inviteMember } from '../../server/services/invitations/invitations'
import { systemAuditContext } from '../../server/audit/append'
import { auditActions } from '../../server/audit/catalog'

/**
 * Every mutation of the router, enumerated automatically, must write an
 * audit event when it succeeds. A new mutation that records nothing fails
 * here. Each runs in a fresh tenant, as its owner, with an input generated
 * from its schema; the few that need secrets a generator cannot invent
 * (a password, an invitation token) get a valid one below.
 */
const db = await useTestDatabase()
const mutations = listProcedures().filter((p) => p.type === 'mutation')

type Call = { caller: unknown; input: unknown }
const validCalls: Record<string, (t: Tenant) => Promise<Call>> = {
  'auth.signIn': async () => {
    const password = 'a valid password'
    const user = await createUser(db, { passwordHash: await hashPassword(password) })
    const t = await buildTenant(db, unique('signin'))
    await db.prisma.membership.create({
      data: { orgId: t.org.id, userId: user.id, roleId: t.ids.roleId! },
    })
    return { caller: anonymousCaller(db).caller, input: { email: user.email, password } }
  },
  'invitation.accept': async (t) => {
    const invitee = await createUser(db)
    const { token } = await inviteMember(
      db,
      { orgId: t.org.id, userId: t.owner.id, userName: 'Owner', audit: systemAuditContext() },
      { email: invitee.email, roleId: t.ids.roleId! },
      'http://localhost',
    )
    return { caller: (await callerAs(db, invitee.id, null)).caller, input: { token } }
  },
  'audit.beginExport': async (t) => ({ caller: (await callerAs(db, t.owner.id, t.org.id)).caller, input: { format: 'ndjson' } }),
}

describe('every mutation writes an audit event', () => {
  it('there are mutations to check', () => expect(mutations.length).toBeGreaterThan(10))

  it.each(mutations.map((m) => [m.path, m] as const))('%s', async (path, mutation) => {
    const tenant = await buildTenant(db, unique('audit'))
    const call = validCalls[path]
      ? await validCalls[path](tenant)
      : { caller: (await callerAs(db, tenant.owner.id, tenant.org.id)).caller, input: sampleInput(mutation.inputs, tenant.ids) }
    const startedAt = new Date()
    await callByPath(call.caller, path, call.input)
    const written = await db.prisma.auditEvent.findMany({ where: { occurredAt: { gte: startedAt } } })
    expect(written.length, `${path} wrote no audit event`).toBeGreaterThan(0)
    for (const event of written) {
      expect(auditActions).toContain(event.action)
      expect(event.actorType).toBe('USER')
      expect(event.actorId).toBeTruthy()
      expect(event.requestId).toBeTruthy()
      expect(event.ip).toBeTruthy()
    }
  })
})
