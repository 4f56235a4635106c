import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'svix'
import { useTestDatabase } from '../setup/database'
import { createOrgWithOwner, createUser, roleOf, unique } from '../factories'
import {
  clerkMembershipJson,
  clerkOrgJson,
  clerkSessionJson,
  clerkUserJson,
  generateSigningKey,
  signClerkJwt,
  startClerkApi,
  type ClerkTestUser,
} from '../support/clerk-api'
import { parseEnv, type Env } from '../../server/env'
import { selectAuthProvider } from '../../server/auth/provider'
import { loadRequestAuth } from '../../server/auth/request-auth'
import { revokeSession } from '../../server/auth/session'
import { hashToken } from '../../server/auth/tokens'
import { setDatabase } from '../../server/db'
import { roleTemplates } from '../../server/authz/role-templates'
import { ClerkWebhookRejected, handleClerkWebhook } from '../../server/services/clerk/clerk-webhooks'
import { clerkCspAdditions } from '../../server/auth/clerk/clerk-csp'

const db = await useTestDatabase()

const secretKey = 'sk_test_hireproofclerk'
const publishableKey = `pk_test_${Buffer.from('clerk.hireproof.test$').toString('base64')}`
const webhookSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`
const appUrl = 'http://localhost:3999'
const key = generateSigningKey()
const api = await startClerkApi({ secretKey, key })
afterAll(() => api.close())

const clerkEnv = (overrides: Record<string, string> = {}): Env =>
  parseEnv({
    NODE_ENV: 'test',
    APP_URL: appUrl,
    LOG_LEVEL: 'silent',
    CLERK_SECRET_KEY: secretKey,
    CLERK_PUBLISHABLE_KEY: publishableKey,
    CLERK_WEBHOOK_SECRET: webhookSecret,
    CLERK_API_URL: api.url,
    ...overrides,
  })
const env = clerkEnv()
const provider = selectAuthProvider(env)

const clerkId = (prefix: string) => `${prefix}_${crypto.randomBytes(8).toString('hex')}`
const newClerkUser = (overrides: Partial<ClerkTestUser> = {}): ClerkTestUser => ({
  id: clerkId('user'),
  email: `${unique('clerk')}@example.test`,
  ...overrides,
})

/** A browser request carrying the Clerk session cookie. */
const withCookie = (token: string) => new Request(`${appUrl}/app`, { headers: { cookie: `__session=${token}`, 'user-agent': 'vitest' } })
const tokenFor = (user: { id: string }, sid: string, extra: Record<string, unknown> = {}) =>
  signClerkJwt(key, { sub: user.id, sid, azp: appUrl, ...extra })
const authenticate = (token: string) => provider.authenticate(withCookie(token), db)

/** Our org mirroring a Clerk org, with `user` (already ours) as a member holding `roleKey`. */
async function mirroredOrgWithMember(clerkUserId: string, roleKey = 'recruiter') {
  const { org } = await createOrgWithOwner(db)
  const clerkOrgId = clerkId('org')
  await db.prisma.organization.update({ where: { id: org.id }, data: { clerkOrgId } })
  const user = await createUser(db)
  await db.prisma.user.update({ where: { id: user.id }, data: { clerkUserId } })
  await db.prisma.membership.create({ data: { orgId: org.id, userId: user.id, roleId: (await roleOf(db, org.id, roleKey)).id } })
  return { org, clerkOrgId, user }
}

let deliveries = 0
/** Signs `payload` as Svix does for Clerk and hands it to the service. */
function webhook(type: string, data: unknown, options: { id?: string; at?: Date; secret?: string; headers?: Record<string, string> } = {}) {
  const id = options.id ?? `msg_${++deliveries}_${crypto.randomBytes(6).toString('hex')}`
  const at = options.at ?? new Date()
  const attributes = { http_request: { client_ip: '198.51.100.7', user_agent: 'Clerk' } }
  const event = { type, object: 'event', data, timestamp: at.getTime(), instance_id: 'ins_test', event_attributes: attributes }
  const body = JSON.stringify(event)
  const signature = new Webhook(options.secret ?? webhookSecret).sign(id, at, body)
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const headers = options.headers ?? { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature }
  return { id, body, headers, send: () => handleClerkWebhook(db, { body, headers }, env) }
}
const deliver = (type: string, data: unknown) => webhook(type, data).send()
const membershipData = (org: { id: string; name: string }, user: ClerkTestUser, role: string, id = clerkId('orgmem')) =>
  clerkMembershipJson({ id, org, user, role })

const auditOf = (orgId: string) => db.prisma.auditEvent.findMany({ where: { orgId }, orderBy: { seq: 'asc' } })
const membershipOf = (orgId: string, userId: string) =>
  db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } }, include: { role: true } })
const ourUser = (clerkUserId: string) => db.prisma.user.findUniqueOrThrow({ where: { clerkUserId } })
const ourOrg = (clerkOrgId: string) => db.prisma.organization.findUniqueOrThrow({ where: { clerkOrgId } })

describe('selecting the provider', () => {
  it('is Clerk when the Clerk keys are set, the built-in accounts otherwise', () => {
    expect(provider.kind).toBe('clerk')
    expect(selectAuthProvider(env)).toBe(provider)
    expect(selectAuthProvider(parseEnv({ NODE_ENV: 'test' })).kind).toBe('local')
  })

  it('names the Frontend API host the browser side needs in the CSP', () => {
    expect(clerkCspAdditions(publishableKey)).toMatchObject({
      'script-src': ['https://clerk.hireproof.test', 'https://challenges.cloudflare.com'],
      'connect-src': ['https://clerk.hireproof.test'],
    })
  })
})

describe('Clerk session tokens', () => {
  it('resolve to our user, our session and the membership in the active Clerk organization', async () => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId, user } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    const auth = await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))
    expect(auth?.user.id).toBe(user.id)
    expect(auth?.session).toMatchObject({ authMethod: 'clerk', activeOrgId: org.id, tokenHash: hashToken(`clerk:${sid}`), revokedAt: null })
    expect(auth?.membership).toMatchObject({ orgId: org.id, status: 'ACTIVE', role: { key: 'recruiter' }, org: { id: org.id } })
    // The row is an ordinary session: the one-query loader finds it by the same key.
    expect((await loadRequestAuth(db, `clerk:${sid}`))?.session.id).toBe(auth?.session.id)
    const signIn = (await auditOf(org.id)).at(-1)
    expect(signIn).toMatchObject({ action: 'user.signed_in', actorType: 'USER', actorId: user.id, metadata: { method: 'clerk' } })

    // Later requests of the same Clerk session reuse the row and ask Clerk nothing about the user.
    const apiCalls = api.requests.length
    const again = await provider.authenticate(
      new Request(`${appUrl}/api/trpc`, { headers: { authorization: `Bearer ${tokenFor(clerkUser, sid, { org_id: clerkOrgId })}` } }),
      db,
    )
    expect(again?.session.id).toBe(auth?.session.id)
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(1)
    expect(api.requests.slice(apiCalls).filter((r) => r.startsWith('GET /v1/users'))).toEqual([])
  })

  it('reads the organization from v2 tokens, and opens no organization where the user is no active member', async () => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId } = await mirroredOrgWithMember(clerkUser.id)
    const v2 = await authenticate(tokenFor(clerkUser, clerkId('sess'), { v: 2, o: { id: clerkOrgId, rol: 'member' } }))
    expect(v2?.membership?.orgId).toBe(org.id)

    const other = await createOrgWithOwner(db)
    const otherClerkOrgId = clerkId('org')
    await db.prisma.organization.update({ where: { id: other.org.id }, data: { clerkOrgId: otherClerkOrgId } })
    const sid = clerkId('sess')
    const foreign = await authenticate(tokenFor(clerkUser, sid, { org_id: otherClerkOrgId }))
    expect(foreign?.membership).toBeNull()
    expect(foreign?.session.activeOrgId).toBeNull()
    // Switching organizations in Clerk moves the same session along.
    const switched = await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))
    expect(switched?.session.id).toBe(foreign?.session.id)
    expect(switched?.membership?.orgId).toBe(org.id)
    expect((await auditOf(org.id)).at(-1)).toMatchObject({ action: 'org.switched_in', metadata: { method: 'clerk' } })
  })

  it('are refused when expired, not yet valid, signed with another key, tampered with, or minted for another origin', async () => {
    const clerkUser = newClerkUser()
    const { user } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    const hourAgo = new Date(Date.now() - 3600_000)
    const stranger = generateSigningKey(key.kid)
    const valid = tokenFor(clerkUser, sid)
    const [header, payload, signature] = valid.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'user_someone_else' }))
    const refused = [
      signClerkJwt(key, { sub: clerkUser.id, sid, azp: appUrl }, { now: hourAgo }),
      signClerkJwt(key, { sub: clerkUser.id, sid, azp: appUrl, nbf: Math.floor(Date.now() / 1000) + 600 }),
      signClerkJwt(stranger, { sub: clerkUser.id, sid, azp: appUrl }),
      signClerkJwt(generateSigningKey(), { sub: clerkUser.id, sid, azp: appUrl }),
      `${header}.${forged.toString('base64url')}.${signature}`,
      `${header}.${payload}.${signature!.slice(0, -4)}AAAA`,
      tokenFor(clerkUser, sid, { azp: 'https://evil.example' }),
      tokenFor(clerkUser, sid, { sts: 'pending' }),
      'not-a-jwt',
    ]
    for (const token of refused) expect(await authenticate(token)).toBeNull()
    expect(await provider.authenticate(new Request(`${appUrl}/app`), db)).toBeNull()
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0)
    // The genuine token still works.
    expect((await authenticate(valid))?.user.id).toBe(user.id)
  })

  it('create the user from the Backend API on first sight', async () => {
    const clerkUser = newClerkUser({ firstName: 'Grace', lastName: 'Hopper' })
    api.users.set(clerkUser.id, clerkUser)
    const auth = await authenticate(tokenFor(clerkUser, clerkId('sess')))
    expect(auth?.user).toMatchObject({ clerkUserId: clerkUser.id, email: clerkUser.email, name: 'Grace Hopper', passwordHash: null })
    expect(auth?.membership).toBeNull()
    expect(api.requests).toContain(`GET /v1/users/${clerkUser.id}`)
  })

  it('link an existing account by its verified email, never by an unverified one', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const clerkUser = newClerkUser({ email: owner.email })
    api.users.set(clerkUser.id, clerkUser)
    const auth = await authenticate(tokenFor(clerkUser, clerkId('sess')))
    expect(auth?.user.id).toBe(owner.id)
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).clerkUserId).toBe(clerkUser.id)
    expect((await auditOf(org.id)).at(-1)).toMatchObject({ action: 'clerk.user_linked', actorType: 'SYSTEM' })

    const victim = await createUser(db)
    const impostor = newClerkUser({ email: victim.email, verified: false })
    api.users.set(impostor.id, impostor)
    expect(await authenticate(tokenFor(impostor, clerkId('sess')))).toBeNull()
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).clerkUserId).toBeNull()
    expect(await db.prisma.user.count({ where: { clerkUserId: impostor.id } })).toBe(0)
  })

  it('are refused for users Clerk does not know', async () => {
    const ghost = newClerkUser()
    expect(await authenticate(tokenFor(ghost, clerkId('sess')))).toBeNull()
    expect(await db.prisma.user.count({ where: { email: ghost.email } })).toBe(0)
  })

  it('stop working once our session is revoked, and the same Clerk session cannot open a new one', async () => {
    const clerkUser = newClerkUser()
    const { clerkOrgId } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    const token = tokenFor(clerkUser, sid, { org_id: clerkOrgId })
    const auth = await authenticate(token)
    await revokeSession(db.prisma, auth!.session.id)
    expect(await authenticate(token)).toBeNull()
    expect(await db.prisma.session.count({ where: { tokenHash: hashToken(`clerk:${sid}`) } })).toBe(1)
  })

  it('are verified without the network when CLERK_JWT_KEY is set', async () => {
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n')
    // The API URL points nowhere: only the local key can verify.
    const offline = selectAuthProvider(clerkEnv({ CLERK_JWT_KEY: pem, CLERK_API_URL: 'http://127.0.0.1:9' }))
    const clerkUser = newClerkUser()
    const { user } = await mirroredOrgWithMember(clerkUser.id)
    expect((await offline.authenticate(withCookie(tokenFor(clerkUser, clerkId('sess'))), db))?.user.id).toBe(user.id)
    const foreignKey = signClerkJwt(generateSigningKey(), { sub: clerkUser.id, sid: clerkId('sess') })
    expect(await offline.authenticate(withCookie(foreignKey), db)).toBeNull()
  })
})

describe('Clerk webhooks: authenticity and delivery', () => {
  it('refuse a bad or missing signature, another secret and a stale timestamp, changing nothing', async () => {
    const clerkUser = newClerkUser()
    const good = webhook('user.created', clerkUserJson(clerkUser))
    const attempts = [
      { body: good.body, headers: { ...good.headers, 'svix-signature': `v1,${crypto.randomBytes(32).toString('base64')}` } },
      { body: good.body.replace('Ada', 'Eve'), headers: good.headers },
      { body: good.body, headers: { 'svix-id': good.id, 'svix-timestamp': good.headers['svix-timestamp']! } },
      webhook('user.created', clerkUserJson(clerkUser), { secret: `whsec_${crypto.randomBytes(24).toString('base64')}` }),
      webhook('user.created', clerkUserJson(clerkUser), { at: new Date(Date.now() - 10 * 60_000) }),
      webhook('user.created', clerkUserJson(clerkUser), { at: new Date(Date.now() + 10 * 60_000) }),
    ]
    for (const attempt of attempts) {
      const sent = handleClerkWebhook(db, { body: attempt.body, headers: attempt.headers }, env)
      await expect(sent).rejects.toBeInstanceOf(ClerkWebhookRejected)
    }
    expect(await db.prisma.user.count({ where: { clerkUserId: clerkUser.id } })).toBe(0)
    expect(await db.prisma.clerkWebhookDelivery.count({ where: { id: good.id } })).toBe(0)
    // Headers as a Fetch Headers object work the same.
    const viaHeaders = await handleClerkWebhook(db, { body: good.body, headers: new Headers(good.headers) }, env)
    expect(viaHeaders).toMatchObject({ status: 'processed' })
  })

  it('refuse a correctly signed event holding text the database cannot store, changing nothing', async () => {
    const clerkUser = newClerkUser()
    const deliveries = [
      webhook('user.\u0000created', clerkUserJson(clerkUser)),
      webhook('user.created', { ...clerkUserJson(clerkUser), id: 'user_\u0000' }),
    ]
    for (const delivery of deliveries) {
      const sent = handleClerkWebhook(db, { body: delivery.body, headers: delivery.headers }, env)
      await expect(sent).rejects.toBeInstanceOf(ClerkWebhookRejected)
      expect(await db.prisma.clerkWebhookDelivery.count({ where: { id: delivery.id } })).toBe(0)
    }
    expect(await db.prisma.user.count({ where: { clerkUserId: clerkUser.id } })).toBe(0)
  })

  it('process a replayed delivery once', async () => {
    const org = { id: clerkId('org'), name: 'Replay Ltd' }
    const delivery = webhook('organization.created', clerkOrgJson(org))
    expect(await delivery.send()).toMatchObject({ status: 'processed', deliveryId: delivery.id })
    const renamed = webhook('organization.updated', clerkOrgJson({ ...org, name: 'Replay Renamed' }))
    await renamed.send()
    const events = (await auditOf((await ourOrg(org.id)).id)).length
    expect(await delivery.send()).toMatchObject({ status: 'already_processed' })
    expect(await renamed.send()).toMatchObject({ status: 'already_processed' })
    expect(await db.prisma.organization.count({ where: { clerkOrgId: org.id } })).toBe(1)
    expect((await auditOf((await ourOrg(org.id)).id)).length).toBe(events)
  })

  it('apply concurrent duplicates of one delivery once', async () => {
    const clerkUser = newClerkUser()
    api.users.set(clerkUser.id, clerkUser)
    const org = { id: clerkId('org'), name: 'Concurrent Inc' }
    const delivery = webhook('organizationMembership.created', membershipData(org, clerkUser, 'org:admin'))
    const results = await Promise.all(Array.from({ length: 5 }, () => delivery.send()))
    expect(results.filter((r) => r.status === 'processed')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'already_processed')).toHaveLength(4)
    const ours = await ourOrg(org.id)
    expect(await db.prisma.membership.count({ where: { orgId: ours.id } })).toBe(1)
    expect((await auditOf(ours.id)).map((e) => e.action)).toEqual(['clerk.org_created', 'clerk.member_added'])
  })

  it('record other event types as processed and ignore them', async () => {
    const delivery = webhook('email.created', { id: 'ema_1', to_email_address: 'x@example.test' })
    expect(await delivery.send()).toMatchObject({ status: 'ignored' })
    expect(await delivery.send()).toMatchObject({ status: 'already_processed' })
  })
})

describe('Clerk webhooks: users', () => {
  it('user.created creates or links by verified email; user.updated follows name and email, audited where they are members', async () => {
    const fresh = newClerkUser({ firstName: 'Katherine', lastName: 'Johnson' })
    expect(await deliver('user.created', clerkUserJson(fresh))).toMatchObject({ status: 'processed', detail: 'user created' })
    expect(await ourUser(fresh.id)).toMatchObject({ email: fresh.email, name: 'Katherine Johnson' })

    const { org, owner } = await createOrgWithOwner(db)
    const existing = newClerkUser({ email: owner.email })
    expect(await deliver('user.created', clerkUserJson(existing))).toMatchObject({ detail: 'user linked' })
    expect((await ourUser(existing.id)).id).toBe(owner.id)

    const newEmail = `${unique('moved')}@example.test`
    await deliver('user.updated', clerkUserJson({ ...existing, email: newEmail, firstName: 'Dorothy', lastName: 'Vaughan' }))
    expect(await ourUser(existing.id)).toMatchObject({ id: owner.id, email: newEmail, name: 'Dorothy Vaughan' })
    expect((await auditOf(org.id)).at(-1)).toMatchObject({
      action: 'clerk.user_updated',
      actorType: 'SYSTEM',
      ip: '198.51.100.7',
      metadata: { before: { email: owner.email }, after: { email: newEmail, name: 'Dorothy Vaughan' } },
    })
    expect((await auditOf(org.id)).at(-1)?.requestId).toMatch(/^clerk:msg_/)
  })

  it('user.deleted ends sessions and suspends memberships, keeps the user; late events change nothing', async () => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId, user } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    expect(await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))).not.toBeNull()
    const result = await deliver('user.deleted', { id: clerkUser.id, object: 'user', deleted: true })
    expect(result.status).toBe('processed')
    expect(await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))).toBeNull()
    // A token minted before the deletion cannot open a new session either.
    expect(await authenticate(tokenFor(clerkUser, clerkId('sess')))).toBeNull()
    expect((await membershipOf(org.id, user.id)).status).toBe('SUSPENDED')
    expect(await db.prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0)
    expect((await auditOf(org.id)).at(-1)).toMatchObject({ action: 'clerk.user_deleted', metadata: { sessionsEnded: 1 } })

    const late = await deliver('user.updated', clerkUserJson({ ...clerkUser, firstName: 'Zombie' }))
    expect(late).toMatchObject({ status: 'skipped', detail: 'the user was deleted in Clerk' })
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name)
    const org2 = { id: clerkId('org'), name: 'After Life' }
    const lateMembership = await deliver('organizationMembership.created', membershipData(org2, clerkUser, 'org:admin'))
    expect(lateMembership).toMatchObject({ status: 'skipped' })
    expect(await db.prisma.membership.count({ where: { userId: user.id, status: 'ACTIVE' } })).toBe(0)
  })
})

describe('Clerk webhooks: organizations', () => {
  it('organization.created makes our organization with the built-in roles and a unique slug; updated renames it', async () => {
    const a = { id: clerkId('org'), name: 'Acme Hiring', slug: 'acme' }
    const b = { id: clerkId('org'), name: 'Acme Hiring', slug: 'acme' }
    await deliver('organization.created', clerkOrgJson(a))
    await deliver('organization.created', clerkOrgJson(b))
    const [ourA, ourB] = [await ourOrg(a.id), await ourOrg(b.id)]
    expect(ourA.name).toBe('Acme Hiring')
    expect(ourA.slug).not.toBe(ourB.slug)
    const roles = await db.prisma.role.findMany({ where: { orgId: ourA.id } })
    expect(roles.map((r) => r.key).sort()).toEqual(roleTemplates.map((t) => t.key).sort())
    expect(await db.prisma.membership.count({ where: { orgId: ourA.id } })).toBe(0)

    await deliver('organization.updated', clerkOrgJson({ ...a, name: 'Acme Talent' }))
    expect((await ourOrg(a.id)).name).toBe('Acme Talent')
    expect((await ourOrg(a.id)).slug).toBe(ourA.slug)
    expect((await auditOf(ourA.id)).map((e) => [e.action, e.actorType])).toEqual([
      ['clerk.org_created', 'SYSTEM'],
      ['clerk.org_updated', 'SYSTEM'],
    ])
  })

  it('organization.deleted suspends every membership, ends sessions, keeps the data; late events do not revive it', async () => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId, user } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    expect(await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))).not.toBeNull()
    const roles = await db.prisma.role.count({ where: { orgId: org.id } })

    const deleted = await deliver('organization.deleted', { id: clerkOrgId, object: 'organization', deleted: true })
    expect(deleted).toMatchObject({ status: 'processed' })
    expect(await db.prisma.membership.count({ where: { orgId: org.id, status: 'ACTIVE' } })).toBe(0)
    expect(await authenticate(tokenFor(clerkUser, sid, { org_id: clerkOrgId }))).toBeNull()
    expect(await db.prisma.organization.count({ where: { id: org.id } })).toBe(1)
    expect(await db.prisma.role.count({ where: { orgId: org.id } })).toBe(roles)
    expect((await auditOf(org.id)).at(-1)).toMatchObject({
      action: 'clerk.org_deleted',
      metadata: { membershipsSuspended: 2, sessionsEnded: 1 },
    })

    const lateRename = await deliver('organization.updated', clerkOrgJson({ id: clerkOrgId, name: 'Back from the dead' }))
    expect(lateRename.status).toBe('skipped')
    const sameOrg = { id: clerkOrgId, name: org.name }
    const lateMember = await deliver('organizationMembership.updated', membershipData(sameOrg, clerkUser, 'org:admin'))
    expect(lateMember.status).toBe('skipped')
    expect((await membershipOf(org.id, user.id)).status).toBe('SUSPENDED')
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name)
  })
})

describe('Clerk webhooks: memberships', () => {
  it('org:admin becomes our Admin, any other role our least-privileged member role; role changes follow and are audited', async () => {
    const admin = newClerkUser()
    const member = newClerkUser()
    api.users.set(admin.id, admin)
    api.users.set(member.id, member)
    const org = { id: clerkId('org'), name: 'Roles Co' }
    await deliver('organization.created', clerkOrgJson(org))
    const adminMembership = membershipData(org, admin, 'org:admin')
    const memberMembership = membershipData(org, member, 'org:member')
    await deliver('organizationMembership.created', adminMembership)
    await deliver('organizationMembership.created', memberMembership)
    const ours = await ourOrg(org.id)
    const [ourAdmin, ourMember] = [await ourUser(admin.id), await ourUser(member.id)]
    const added = { status: 'ACTIVE', provisionedBy: 'clerk' }
    expect(await membershipOf(ours.id, ourAdmin.id)).toMatchObject({ ...added, role: { key: 'admin' } })
    expect(await membershipOf(ours.id, ourMember.id)).toMatchObject({ ...added, role: { key: 'interviewer' } })

    // Demoted in Clerk: loses the admin role.
    await deliver('organizationMembership.updated', { ...adminMembership, role: 'org:member' })
    expect((await membershipOf(ours.id, ourAdmin.id)).role.key).toBe('interviewer')
    expect((await auditOf(ours.id)).at(-1)).toMatchObject({
      action: 'clerk.member_role_changed',
      metadata: { clerkRole: 'org:member', before: { role: 'Admin' }, after: { role: 'Interviewer' } },
    })
    // A non-admin role chosen in Hireproof survives a plain update from Clerk.
    const recruiter = await roleOf(db, ours.id, 'recruiter')
    await db.prisma.membership.update({ where: { id: (await membershipOf(ours.id, ourMember.id)).id }, data: { roleId: recruiter.id } })
    await deliver('organizationMembership.updated', memberMembership)
    expect((await membershipOf(ours.id, ourMember.id)).role.key).toBe('recruiter')
    // Promoted in Clerk.
    await deliver('organizationMembership.updated', { ...memberMembership, role: 'org:admin' })
    expect((await membershipOf(ours.id, ourMember.id)).role.key).toBe('admin')
  })

  it('organizationMembership.deleted suspends the membership and ends the sessions in that organization only', async () => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId, user } = await mirroredOrgWithMember(clerkUser.id)
    const elsewhere = await createOrgWithOwner(db)
    const viewer = await roleOf(db, elsewhere.org.id, 'viewer')
    await db.prisma.membership.create({ data: { orgId: elsewhere.org.id, userId: user.id, roleId: viewer.id } })
    const sidHere = clerkId('sess')
    const sidThere = clerkId('sess')
    expect((await authenticate(tokenFor(clerkUser, sidHere, { org_id: clerkOrgId })))?.membership?.orgId).toBe(org.id)
    const there = await authenticate(tokenFor(clerkUser, sidThere))
    await db.prisma.session.update({ where: { id: there!.session.id }, data: { activeOrgId: elsewhere.org.id } })

    const membership = membershipData({ id: clerkOrgId, name: org.name }, clerkUser, 'org:member')
    expect(await deliver('organizationMembership.deleted', membership)).toMatchObject({ status: 'processed' })
    expect((await membershipOf(org.id, user.id)).status).toBe('SUSPENDED')
    expect(await authenticate(tokenFor(clerkUser, sidHere, { org_id: clerkOrgId }))).toBeNull()
    expect((await authenticate(tokenFor(clerkUser, sidThere)))?.membership?.orgId).toBe(elsewhere.org.id)
    expect((await auditOf(org.id)).at(-1)).toMatchObject({
      action: 'clerk.member_removed',
      actorType: 'SYSTEM',
      metadata: { sessionsEnded: 1 },
    })

    // An update delivered after the deletion does not bring it back.
    const lateUpdate = await deliver('organizationMembership.updated', membership)
    expect(lateUpdate).toMatchObject({ status: 'skipped', detail: 'the membership was deleted in Clerk' })
    expect((await membershipOf(org.id, user.id)).status).toBe('SUSPENDED')
    // Being added again in Clerk (a new membership) does.
    await deliver('organizationMembership.created', { ...membership, id: clerkId('orgmem') })
    expect((await membershipOf(org.id, user.id)).status).toBe('ACTIVE')
    expect((await auditOf(org.id)).at(-1)?.action).toBe('clerk.member_reactivated')
  })

  it('a membership arriving before its organization and user creates both; the late organization.created adds nothing', async () => {
    const clerkUser = newClerkUser({ firstName: 'Early', lastName: 'Bird' })
    api.users.set(clerkUser.id, clerkUser)
    const org = { id: clerkId('org'), name: 'Out Of Order' }
    const result = await deliver('organizationMembership.created', membershipData(org, clerkUser, 'org:admin'))
    expect(result).toMatchObject({ status: 'processed', detail: 'membership created' })
    const ours = await ourOrg(org.id)
    expect(await db.prisma.role.count({ where: { orgId: ours.id } })).toBe(roleTemplates.length)
    expect(await ourUser(clerkUser.id)).toMatchObject({ name: 'Early Bird', email: clerkUser.email })

    const lateOrg = await deliver('organization.created', clerkOrgJson(org))
    expect(lateOrg).toMatchObject({ status: 'processed', detail: 'organization unchanged' })
    expect(await db.prisma.organization.count({ where: { clerkOrgId: org.id } })).toBe(1)
    expect((await auditOf(ours.id)).map((e) => e.action)).toEqual(['clerk.org_created', 'clerk.member_added'])
  })

  it('a membership of a user Clerk does not know is recorded as skipped', async () => {
    const ghost = newClerkUser()
    const org = { id: clerkId('org'), name: 'Ghost Town' }
    const result = await deliver('organizationMembership.created', membershipData(org, ghost, 'org:member'))
    expect(result).toMatchObject({ status: 'skipped' })
    expect(await db.prisma.organization.count({ where: { clerkOrgId: org.id } })).toBe(0)
  })
})

describe('Clerk webhooks: sessions', () => {
  it.each(['session.revoked', 'session.ended', 'session.removed'])('%s ends our mirrored session at once', async (type) => {
    const clerkUser = newClerkUser()
    const { org, clerkOrgId } = await mirroredOrgWithMember(clerkUser.id)
    const sid = clerkId('sess')
    const token = tokenFor(clerkUser, sid, { org_id: clerkOrgId })
    expect(await authenticate(token)).not.toBeNull()
    const ended = await deliver(type, clerkSessionJson({ id: sid, user: clerkUser, status: type.split('.')[1]! }))
    expect(ended).toMatchObject({ detail: 'session ended' })
    // The JWT itself is still valid for its minute; our session is not.
    expect(await authenticate(token)).toBeNull()
    expect((await auditOf(org.id)).at(-1)).toMatchObject({ action: 'clerk.session_ended', metadata: { reason: type } })
  })

  it('a revocation delivered before the session was first seen keeps it from ever opening', async () => {
    const clerkUser = newClerkUser()
    const sid = clerkId('sess')
    expect(await deliver('session.revoked', clerkSessionJson({ id: sid, user: clerkUser, status: 'revoked' }))).toMatchObject({
      status: 'processed',
      detail: 'session recorded as ended',
    })
    api.users.set(clerkUser.id, clerkUser)
    expect(await authenticate(tokenFor(clerkUser, sid))).toBeNull()
    // Another Clerk session of the same user is fine.
    expect((await authenticate(tokenFor(clerkUser, clerkId('sess'))))?.user.clerkUserId).toBe(clerkUser.id)
  })
})

describe('POST /webhooks/clerk', () => {
  const saved = { ...process.env }
  let route: typeof import('../../app/routes/webhooks.clerk')
  beforeAll(async () => {
    Object.assign(process.env, {
      NODE_ENV: 'test',
      APP_URL: appUrl,
      LOG_LEVEL: 'silent',
      CLERK_SECRET_KEY: secretKey,
      CLERK_PUBLISHABLE_KEY: publishableKey,
      CLERK_WEBHOOK_SECRET: webhookSecret,
      CLERK_API_URL: api.url,
    })
    setDatabase(db)
    route = await import('../../app/routes/webhooks.clerk')
  })
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })
  const context = { meta: { requestId: 'req-test', ip: '127.0.0.1', userAgent: 'Svix' }, cspNonce: '' }
  const post = (body: string, headers: Record<string, string>) => {
    const init = { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }
    const request = new Request(`${appUrl}/webhooks/clerk`, init)
    return route.action({ request, context, params: {} })
  }

  it('answers 200 { ok } once processed, again for a replay, 400 for a bad signature, 413 past 1 MB, 405 for GET', async () => {
    const delivery = webhook('organization.created', clerkOrgJson({ id: clerkId('org'), name: 'Via HTTP' }))
    const first = await post(delivery.body, delivery.headers)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ ok: true, status: 'processed' })
    expect(await (await post(delivery.body, delivery.headers)).json()).toEqual({ ok: true, status: 'already processed' })

    const bad = await post(delivery.body, { ...delivery.headers, 'svix-signature': 'v1,AAAA' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'Invalid webhook signature' })
    expect((await post('x'.repeat(1024 * 1024 + 1), delivery.headers)).status).toBe(413)
    const get = await route.loader()
    expect(get.status).toBe(405)
  })
})
