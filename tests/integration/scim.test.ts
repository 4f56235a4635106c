import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { startScimHttp } from '../support/scim-http'
import { callerAs, createMember, createOrgWithOwner, roleOf } from '../factories'
import { errorSchema } from '../../server/scim/errors'
import { enterpriseUserSchema, groupSchema, listResponseSchema, userSchema } from '../../server/scim/resources'
import { patchOpSchema } from '../../server/scim/patch'

/**
 * The SCIM 2.0 server over real HTTP against the real database: every
 * endpoint, Entra ID's PATCH quirks, deactivation ending sessions, groups
 * mapped to roles, and each error in the SCIM error schema with nothing
 * changed.
 */
const db = await useTestDatabase()
let scimHttp: Awaited<ReturnType<typeof startScimHttp>>
let base = ''

beforeAll(async () => {
  scimHttp = await startScimHttp(db)
  base = scimHttp.base
})
afterAll(() => scimHttp.close())

async function enterpriseOrg() {
  const { org, owner } = await createOrgWithOwner(db)
  await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'ENTERPRISE' } })
  // SCIM provisions only addresses at the organization's verified domains.
  for (const domain of ['example.test', 'example.org']) {
    await db.prisma.verifiedDomain.create({ data: { orgId: org.id, domain, verificationToken: 'test', verifiedAt: new Date() } })
  }
  const { caller } = await callerAs(db, owner.id, org.id)
  const { token, id } = await caller.scim.createToken({ name: 'Entra ID' })
  return { org, owner, caller, token, tokenId: id }
}

type ScimResponse = { status: number; body: Record<string, any>; headers: Headers }
function client(token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimResponse> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers }
  }
}

const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [userSchema, enterpriseUserSchema],
  userName,
  externalId: `ext-${userName}`,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  displayName: 'Ada Lovelace',
  emails: [{ value: userName, type: 'work', primary: true }],
  title: 'Engineer',
  active: true,
  [enterpriseUserSchema]: { department: 'R&D', employeeNumber: '42' },
  ...extra,
})

function expectScimError(response: ScimResponse, status: number, scimType?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/application\/scim\+json/)
  expect(response.body.schemas).toEqual([errorSchema])
  expect(response.body.status).toBe(String(status))
  expect(typeof response.body.detail).toBe('string')
  expect(response.body.detail).not.toMatch(/at \w+ \(|node_modules|prisma/i)
  if (scimType) expect(response.body.scimType).toBe(scimType)
}

describe('SCIM authentication and discovery', () => {
  it('discovery endpoints describe what is supported', async () => {
    const { token } = await enterpriseOrg()
    const scim = client(token)
    const config = await scim('GET', '/ServiceProviderConfig')
    expect(config.status).toBe(200)
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 1000 }, bulk: { supported: false } })
    const types = await scim('GET', '/ResourceTypes')
    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(['User', 'Group'])
    expect((await scim('GET', '/ResourceTypes/User')).body.schemaExtensions[0].schema).toBe(enterpriseUserSchema)
    const schemas = await scim('GET', '/Schemas')
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([userSchema, enterpriseUserSchema, groupSchema])
    expect((await scim('GET', `/Schemas/${userSchema}`)).body.name).toBe('User')
    expectScimError(await scim('GET', '/Schemas/urn:nope'), 404)
  })

  it('refuses a missing, unknown or revoked token with 401 and WWW-Authenticate', async () => {
    const { token, tokenId, caller } = await enterpriseOrg()
    const missing = await fetch(`${base}/Users`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/Bearer/)
    expectScimError(await client('hp_scim_not-a-real-token')('GET', '/Users'), 401)
    expect((await client(token)('GET', '/Users')).status).toBe(200)
    await caller.scim.revokeToken({ tokenId })
    expectScimError(await client(token)('GET', '/Users'), 401)
  })

  it('records when a token was last used, and never stores it in clear', async () => {
    const { token, tokenId } = await enterpriseOrg()
    expect((await db.prisma.scimToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt).toBeNull()
    await client(token)('GET', '/Users')
    const row = await db.prisma.scimToken.findUniqueOrThrow({ where: { id: tokenId } })
    expect(row.lastUsedAt).not.toBeNull()
    expect(JSON.stringify(row)).not.toContain(token.slice(10))
  })

  it('answers 403 once the organization leaves the Enterprise plan', async () => {
    const { org, token } = await enterpriseOrg()
    await db.prisma.organization.update({ where: { id: org.id }, data: { plan: 'STANDARD' } })
    expectScimError(await client(token)('GET', '/Users'), 403)
  })

  it('applies the organization’s IP allowlist', async () => {
    const { org, token } = await enterpriseOrg()
    await db.prisma.ipAllowlistEntry.create({ data: { orgId: org.id, cidr: '203.0.113.0/24', label: 'IdP', createdById: 'x' } })
    const refused = await client(token)('GET', '/Users')
    expectScimError(refused, 403)
    expect(refused.body.detail).toMatch(/allowed networks/)
  })

  it('token creation needs the Enterprise plan', async () => {
    const { org, owner } = await createOrgWithOwner(db)
    const { caller } = await callerAs(db, owner.id, org.id)
    await expect(caller.scim.createToken({ name: 'Okta' })).rejects.toThrow(/Enterprise plan/)
  })
})

describe('SCIM Users', () => {
  it('creates, reads, lists and filters users; the member gets the default role and an audit event with actor SCIM', async () => {
    const { org, token, tokenId } = await enterpriseOrg()
    const scim = client(token)
    const created = await scim('POST', '/Users', newUser('Ada@Example.test'))
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(created.body.meta.location)
    expect(created.body).toMatchObject({
      schemas: [userSchema, enterpriseUserSchema],
      userName: 'Ada@Example.test',
      externalId: 'ext-Ada@Example.test',
      displayName: 'Ada Lovelace',
      active: true,
      title: 'Engineer',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@example.test', type: 'work', primary: true }],
      [enterpriseUserSchema]: { department: 'R&D', employeeNumber: '42' },
      meta: { resourceType: 'User' },
    })
    const membership = await db.prisma.membership.findUniqueOrThrow({ where: { id: created.body.id }, include: { role: true, user: true } })
    expect(membership).toMatchObject({ orgId: org.id, provisionedBy: 'scim', role: { key: 'viewer' }, user: { email: 'ada@example.test', passwordHash: null } })
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'scim.user_created' } })
    expect(event).toMatchObject({ actorType: 'SCIM', actorId: tokenId })

    await scim('POST', '/Users', newUser('grace@example.test', { name: { givenName: 'Grace', familyName: 'Hopper' }, displayName: 'Grace Hopper', title: 'Admiral' }))
    await scim('POST', '/Users', newUser('alan@example.org', { active: false, displayName: 'Alan Turing' }))

    expect((await scim('GET', `/Users/${created.body.id}`)).body.userName).toBe('Ada@Example.test')
    const all = await scim('GET', '/Users')
    expect(all.body).toMatchObject({ schemas: [listResponseSchema], totalResults: 4, startIndex: 1, itemsPerPage: 4 }) // the owner too
    const byUserName = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ADA@example.test"')}`)
    expect(byUserName.body.totalResults).toBe(1)
    expect(byUserName.body.Resources[0].id).toBe(created.body.id)
    const byExternalId = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-grace@example.test"')}`)
    expect(byExternalId.body.Resources[0].userName).toBe('grace@example.test')
    const q = async (filter: string) =>
      ((await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body.Resources as { userName: string }[]).map((u) => u.userName).sort()
    expect(await q('userName ew "example.test" and active eq true and title pr')).toEqual(['Ada@Example.test', 'grace@example.test'])
    expect(await q('title co "adm" or displayName sw "Alan"')).toEqual(['alan@example.org', 'grace@example.test'])
    expect(await q('not (active eq true)')).toEqual(['alan@example.org'])
    expect(await q('emails[type eq "work" and value ew ".org"]')).toEqual(['alan@example.org'])
    expect(await q(`${enterpriseUserSchema}:department eq "R&D" and title pr`)).toEqual(['Ada@Example.test', 'alan@example.org', 'grace@example.test'])
    expect(await q('userName ne "grace@example.test" and externalId pr')).toEqual(['Ada@Example.test', 'alan@example.org'])
    expect(await q(`meta.created gt "2000-01-01T00:00:00Z" and meta.created lt "2999-01-01T00:00:00Z" and title eq "Engineer"`)).toEqual([
      'Ada@Example.test',
      'alan@example.org',
    ])
    expect(await q('meta.lastModified ge "2999-01-01T00:00:00Z" or meta.created le "2000-01-01T00:00:00Z"')).toEqual([])

    const page = await scim('GET', '/Users?startIndex=2&count=2')
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 })
    const projected = await scim('GET', `/Users/${created.body.id}?attributes=userName,name.givenName`)
    expect(Object.keys(projected.body).sort()).toEqual(['id', 'name', 'schemas', 'userName'])
    expect(projected.body.name).toEqual({ givenName: 'Ada' })
    const excluded = await scim('GET', `/Users?excludedAttributes=groups,meta,${enterpriseUserSchema}&count=1`)
    expect(Object.keys(excluded.body.Resources[0])).not.toContain('meta')
    expect(excluded.body.Resources[0].id).toBeTruthy()
    const searched = await scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "grace"', attributes: ['userName'] })
    expect(searched.body.Resources).toHaveLength(1)
    expect(Object.keys(searched.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName'])
    expect(searched.body.Resources[0].userName).toBe('grace@example.test')
  })

  it('an existing Hireproof account joins; a duplicate userName or externalId is 409 uniqueness and changes nothing', async () => {
    const { org, token } = await enterpriseOrg()
    const scim = client(token)
    const elsewhere = await createOrgWithOwner(db)
    const existing = await db.prisma.user.findUniqueOrThrow({ where: { id: elsewhere.owner.id } })
    const joined = await scim('POST', '/Users', newUser(existing.email))
    expect(joined.status).toBe(201)
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: joined.body.id } })).userId).toBe(existing.id)
    const before = await db.prisma.membership.count({ where: { orgId: org.id } })
    expectScimError(await scim('POST', '/Users', newUser(existing.email.toUpperCase(), { externalId: 'other' })), 409, 'uniqueness')
    expectScimError(await scim('POST', '/Users', newUser('new@example.test', { externalId: `ext-${existing.email}` })), 409, 'uniqueness')
    expect(await db.prisma.membership.count({ where: { orgId: org.id } })).toBe(before)
  })

  it('PUT replaces; PATCH applies Entra ID’s operations (capitalised ops, string booleans, no-path values, manager as a string)', async () => {
    const { token } = await enterpriseOrg()
    const scim = client(token)
    const { body: user } = await scim('POST', '/Users', newUser('linus@example.test'))
    const put = await scim('PUT', `/Users/${user.id}`, newUser('linus@example.test', { title: 'Maintainer', displayName: 'Linus T' }))
    expect(put.body).toMatchObject({ title: 'Maintainer', displayName: 'Linus T' })
    expect((await db.prisma.user.findFirstOrThrow({ where: { email: 'linus@example.test' } })).name).toBe('Linus T')

    const patched = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [patchOpSchema],
      Operations: [
        { op: 'Replace', path: 'title', value: 'Principal' },
        { op: 'Add', path: `${enterpriseUserSchema}:manager`, value: 'manager-id-1' },
        { op: 'Replace', value: { 'name.givenName': 'Linus', displayName: 'Linus Torvalds' } },
        { op: 'Add', path: 'phoneNumbers', value: [{ value: '+1 555 0100', type: 'work' }] },
        { op: 'Remove', path: `${enterpriseUserSchema}:department` },
      ],
    })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body).toMatchObject({
      title: 'Principal',
      displayName: 'Linus Torvalds',
      name: { givenName: 'Linus' },
      phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
      [enterpriseUserSchema]: { manager: { value: 'manager-id-1' }, employeeNumber: '42' },
    })
    expect(patched.body[enterpriseUserSchema].department).toBeUndefined()
    const filterPath = await scim('PATCH', `/Users/${user.id}`, {
      schemas: [patchOpSchema],
      Operations: [{ op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0199' }],
    })
    expect(filterPath.body.phoneNumbers).toEqual([{ value: '+1 555 0199', type: 'work' }])
  })

  it('deactivation (PATCH active "False") suspends the membership and ends its sessions at once; reactivation restores it', async () => {
    const { org, token, tokenId } = await enterpriseOrg()
    const scim = client(token)
    const { body: user } = await scim('POST', '/Users', newUser('dana@example.test'))
    const membership = await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id } })
    const session = await callerAs(db, membership.userId, org.id)
    expect((await session.caller.me.get()).activeOrg?.id).toBe(org.id)

    const off = await scim('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
    expect(off.body.active).toBe(false)
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('SUSPENDED')
    await expect(session.caller.job.list()).rejects.toThrow()
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'scim.user_deactivated' } })
    expect(event).toMatchObject({ actorType: 'SCIM', actorId: tokenId, metadata: { sessionsEnded: 1 } })

    const on = await scim('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'replace', value: { active: true } }] })
    expect(on.body.active).toBe(true)
    expect(await db.prisma.auditEvent.count({ where: { orgId: org.id, action: 'scim.user_reactivated' } })).toBe(1)
  })

  it('DELETE removes the membership and ends its sessions; the account stays', async () => {
    const { org, token } = await enterpriseOrg()
    const scim = client(token)
    const { body: user } = await scim('POST', '/Users', newUser('eve@example.test'))
    const { userId } = await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id } })
    const session = await callerAs(db, userId, org.id)
    const deleted = await scim('DELETE', `/Users/${user.id}`)
    expect(deleted.status).toBe(204)
    expectScimError(await scim('GET', `/Users/${user.id}`), 404)
    expect(await db.prisma.user.findUnique({ where: { id: userId } })).not.toBeNull()
    expect((await db.prisma.session.findFirstOrThrow({ where: { userId, activeOrgId: org.id } })).revokedAt).not.toBeNull()
    expect(session.token).toBeTruthy()
    expectScimError(await scim('DELETE', `/Users/${user.id}`), 404)
  })

  it('provisions only addresses at verified domains, never an operator account, and moves no one outside them', async () => {
    const { org, token } = await enterpriseOrg()
    const scim = client(token)
    expectScimError(await scim('POST', '/Users', newUser('someone@gmail.example')), 400, 'invalidValue')
    const staff = await db.prisma.user.create({ data: { email: `support-${org.id}@example.test`, name: 'Support', isStaff: true } })
    expectScimError(await scim('POST', '/Users', newUser(staff.email)), 400, 'invalidValue')
    expect(await db.prisma.membership.count({ where: { userId: staff.id } })).toBe(0)
    const { body: user } = await scim('POST', '/Users', newUser('mover@example.test'))
    const moved = await scim('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'replace', path: 'userName', value: 'victim@elsewhere.example' }] })
    expectScimError(moved, 400, 'invalidValue')
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id }, include: { user: true } })).user.email).toBe('mover@example.test')
  })

  it('only someone who manages members and could grant every role may create a token', async () => {
    const { org } = await enterpriseOrg()
    const limited = await createMember(db, org.id, 'viewer')
    const role = await db.prisma.role.create({ data: { orgId: org.id, key: `scim_only_${Date.now()}`, name: 'SCIM only', permissions: ['scim.manage'], builtIn: false } })
    await db.prisma.membership.update({ where: { orgId_userId: { orgId: org.id, userId: limited.id } }, data: { roleId: role.id } })
    const { caller } = await callerAs(db, limited.id, org.id)
    await expect(caller.scim.createToken({ name: 'Sneaky' })).rejects.toThrow(/members.manage/)
    expect(await db.prisma.scimToken.count({ where: { orgId: org.id, name: 'Sneaky' } })).toBe(0)
  })

  it('the last owner cannot be deactivated or deleted through SCIM', async () => {
    const { org, owner, token } = await enterpriseOrg()
    const scim = client(token)
    const ownerMembership = await db.prisma.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: owner.id } } })
    const refused = await scim('PATCH', `/Users/${ownerMembership.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'replace', path: 'active', value: false }] })
    expectScimError(refused, 400, 'mutability')
    expectScimError(await scim('DELETE', `/Users/${ownerMembership.id}`), 400, 'mutability')
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: ownerMembership.id } })).status).toBe('ACTIVE')
  })

  it('another organization’s users are 404 and untouched', async () => {
    const a = await enterpriseOrg()
    const b = await enterpriseOrg()
    const { body: user } = await client(a.token)('POST', '/Users', newUser('isolated@example.test'))
    const scimB = client(b.token)
    expectScimError(await scimB('GET', `/Users/${user.id}`), 404)
    expectScimError(await scimB('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'replace', path: 'active', value: false }] }), 404)
    expectScimError(await scimB('DELETE', `/Users/${user.id}`), 404)
    expect((await scimB('GET', `/Users?filter=${encodeURIComponent('userName eq "isolated@example.test"')}`)).body.totalResults).toBe(0)
    expect((await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('ACTIVE')
  })

  it('bad requests get SCIM errors and change nothing', async () => {
    const { org, token } = await enterpriseOrg()
    const scim = client(token)
    const { body: user } = await scim('POST', '/Users', newUser('frank@example.test'))
    const count = () => db.prisma.membership.count({ where: { orgId: org.id } })
    const before = await count()
    const snapshot = JSON.stringify((await scim('GET', `/Users/${user.id}`)).body)

    expectScimError(await scim('POST', '/Users', '{not json'), 400, 'invalidSyntax')
    expectScimError(await scim('POST', '/Users', [1, 2]), 400, 'invalidSyntax')
    expectScimError(await scim('POST', '/Users', { schemas: [userSchema] }), 400, 'invalidValue')
    expectScimError(await scim('POST', '/Users', { ...newUser('x@example.test'), schemas: [groupSchema] }), 400, 'invalidSyntax')
    expectScimError(await scim('POST', '/Users', newUser('not-an-email')), 400, 'invalidValue')
    expectScimError(await scim('POST', '/Users', newUser('y@example.test', { active: 'maybe' })), 400, 'invalidValue')
    expectScimError(await scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter')
    expectScimError(await scim('GET', `/Users?filter=${encodeURIComponent('userName xx "a"')}`), 400, 'invalidFilter')
    expectScimError(await scim('GET', '/Users?count=abc'), 400, 'invalidValue')
    expectScimError(await scim('GET', '/Users?attributes=na..me'), 400, 'invalidPath')
    expectScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: ['wrong'], Operations: [] }), 400)
    expectScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'remove' }] }), 400, 'noTarget')
    expectScimError(await scim('PATCH', `/Users/${user.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'replace', path: 'id', value: 'mine' }] }), 400, 'mutability')
    expectScimError(
      await scim('PATCH', `/Users/${user.id}`, {
        schemas: [patchOpSchema],
        Operations: [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'replace', path: 'emails[type eq "home"].value', value: 'a@b.c' },
        ],
      }),
      400,
      'noTarget',
    )
    expectScimError(await scim('PUT', `/Users/${user.id}`, newUser('frank@example.test', { userName: '' })), 400, 'invalidValue')
    expectScimError(await scim('GET', '/Users/does-not-exist'), 404)
    expectScimError(await scim('POST', '/Bulk', {}), 501)
    expectScimError(await scim('GET', '/Nope'), 404)
    const huge = await scim('POST', '/Users', newUser('big@example.test', { title: 'x'.repeat(1_100_000) }))
    expectScimError(huge, 413)

    expect(await count()).toBe(before)
    expect(JSON.stringify((await scim('GET', `/Users/${user.id}`)).body)).toBe(snapshot)
  })
})

describe('SCIM Groups', () => {
  it('create, list, filter, patch members (Entra’s remove with a value list), put and delete; audited', async () => {
    const { org, token } = await enterpriseOrg()
    const scim = client(token)
    const ids: string[] = []
    for (const name of ['g1', 'g2', 'g3']) ids.push((await scim('POST', '/Users', newUser(`${name}@example.test`))).body.id)
    const group = await scim('POST', '/Groups', { schemas: [groupSchema], displayName: 'Recruiting', externalId: 'grp-1', members: [{ value: ids[0] }] })
    expect(group.status).toBe(201)
    expect(group.body).toMatchObject({ displayName: 'Recruiting', externalId: 'grp-1', members: [{ value: ids[0], display: 'g1@example.test' }] })
    expect((await scim('GET', `/Users/${ids[0]}`)).body.groups).toEqual([expect.objectContaining({ value: group.body.id, display: 'Recruiting' })])

    const added = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [patchOpSchema],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: ids[1] }, { value: ids[2] }] }],
    })
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual([...ids].sort())
    const removed = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [patchOpSchema],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[0] }] }],
    })
    expect(removed.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ids[1], ids[2]].sort())
    const byFilter = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [patchOpSchema],
      Operations: [{ op: 'remove', path: `members[value eq "${ids[1]}"]` }],
    })
    expect(byFilter.body.members.map((m: { value: string }) => m.value)).toEqual([ids[2]])
    const renamed = await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'Replace', value: { displayName: 'Talent' } }] })
    expect(renamed.body.displayName).toBe('Talent')

    const list = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "talent"')}`)
    expect(list.body.totalResults).toBe(1)
    const withMembers = await scim('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${ids[2]}"]`)}&excludedAttributes=members`)
    expect(withMembers.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })])
    const put = await scim('PUT', `/Groups/${group.body.id}`, { schemas: [groupSchema], displayName: 'Talent', members: [] })
    expect(put.body.members).toEqual([])

    expectScimError(await scim('POST', '/Groups', { schemas: [groupSchema], displayName: 'Talent' }), 409, 'uniqueness')
    const foreign = await enterpriseOrg()
    const { body: stranger } = await client(foreign.token)('POST', '/Users', newUser('stranger@example.test'))
    expectScimError(await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'add', path: 'members', value: [{ value: stranger.id }] }] }), 400, 'invalidValue')
    expect((await scim('GET', `/Groups/${group.body.id}`)).body.members).toEqual([])

    expect((await scim('DELETE', `/Groups/${group.body.id}`)).status).toBe(204)
    expectScimError(await scim('GET', `/Groups/${group.body.id}`), 404)
    const actions = (await db.prisma.auditEvent.findMany({ where: { orgId: org.id, action: { startsWith: 'scim.group' } } })).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['scim.group_created', 'scim.group_updated', 'scim.group_deleted']))
  })

  it('a group mapped to a role gives its members that role; leaving it returns them to the default role', async () => {
    const { org, caller, token } = await enterpriseOrg()
    const scim = client(token)
    const { body: user } = await scim('POST', '/Users', newUser('hana@example.test'))
    const group = await scim('POST', '/Groups', { schemas: [groupSchema], displayName: 'Hiring managers', members: [{ value: user.id }] })
    const managerRole = await roleOf(db, org.id, 'hiring_manager')
    const roleKey = async () => (await db.prisma.membership.findUniqueOrThrow({ where: { id: user.id }, include: { role: true } })).role.key
    expect(await roleKey()).toBe('viewer')

    await caller.scim.mapGroup({ groupId: group.body.id, roleId: managerRole.id })
    expect(await roleKey()).toBe('hiring_manager')
    expect((await caller.scim.overview()).groups).toEqual([{ id: group.body.id, displayName: 'Hiring managers', roleId: managerRole.id, members: 1 }])

    await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'Remove', path: 'members', value: [{ value: user.id }] }] })
    expect(await roleKey()).toBe('viewer')
    await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [patchOpSchema], Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }] })
    expect(await roleKey()).toBe('hiring_manager')
    const change = await db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'member.role_changed' } })
    expect(change.metadata).toMatchObject({ reason: 'scim_group_mapping' })

    const ownerRole = await roleOf(db, org.id, 'owner')
    await expect(caller.scim.mapGroup({ groupId: group.body.id, roleId: ownerRole.id })).rejects.toThrow(/owner role/)
    const recruiter = await createMember(db, org.id, 'recruiter')
    const { caller: recruiterCaller } = await callerAs(db, recruiter.id, org.id)
    await expect(recruiterCaller.scim.mapGroup({ groupId: group.body.id, roleId: null })).rejects.toThrow(/scim.manage/)
  })
})
