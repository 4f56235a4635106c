import { describe, expect, it } from 'vitest'
import { projectAttributes } from '../../server/scim/attributes'

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', enterprise],
  id: 'u1',
  externalId: 'e1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { value: 'b@example.com', type: 'work', primary: true },
    { value: 'b@home.org', type: 'home' },
  ],
  meta: { resourceType: 'User', lastModified: '2024-01-01T00:00:00Z' },
  [enterprise]: { employeeNumber: '7', department: 'Ops', manager: { value: 'm1', displayName: 'Boss' } },
}

const snapshot = structuredClone(user)

describe('projectAttributes', () => {
  it('returns an equal copy without parameters', () => {
    const out = projectAttributes(user, {})
    expect(out).toEqual(user)
    expect(out).not.toBe(user)
    expect(projectAttributes(user, { attributes: ' , ', excludedAttributes: '' })).toEqual(user)
  })

  it('keeps only the listed attributes plus id and schemas', () => {
    expect(projectAttributes(user, { attributes: 'userName' })).toEqual({ schemas: user.schemas, id: 'u1', userName: 'bjensen' })
    // Names are case-insensitive; the resource's casing is kept. meta is not always returned.
    expect(projectAttributes(user, { attributes: 'USERNAME, Active ,meta' })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
      active: true,
      meta: user.meta,
    })
  })

  it('selects sub-attributes of complex and multi-valued attributes', () => {
    expect(projectAttributes(user, { attributes: 'name.givenName,emails.value,meta.lastModified' })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      name: { givenName: 'Barbara' },
      emails: [{ value: 'b@example.com' }, { value: 'b@home.org' }],
      meta: { lastModified: '2024-01-01T00:00:00Z' },
    })
    // A whole attribute wins over its sub-attributes, in either order.
    expect(projectAttributes(user, { attributes: 'name.givenName,name' }).name).toEqual(user.name)
    expect(projectAttributes(user, { attributes: 'name,name.givenName' }).name).toEqual(user.name)
    // Sub-attributes nobody has leave nothing behind.
    expect(projectAttributes(user, { attributes: 'emails.display,name.middleName' })).toEqual({ schemas: user.schemas, id: 'u1' })
  })

  it('selects extension attributes by URN prefix, or the whole extension', () => {
    expect(projectAttributes(user, { attributes: `${enterprise}:department,${enterprise}:manager.value` })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      [enterprise]: { department: 'Ops', manager: { value: 'm1' } },
    })
    expect(projectAttributes(user, { attributes: enterprise.toUpperCase() })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      [enterprise]: user[enterprise],
    })
    expect(projectAttributes(user, { attributes: 'urn:ietf:params:scim:schemas:core:2.0:User:userName' })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
    })
  })

  it('removes excluded attributes but never id or schemas', () => {
    const out = projectAttributes(user, { excludedAttributes: 'emails, ID, schemas, meta, name.familyName' })
    expect(out).toEqual({
      schemas: user.schemas,
      id: 'u1',
      externalId: 'e1',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      active: true,
      [enterprise]: user[enterprise],
    })
  })

  it('removes excluded sub-attributes and extension attributes, dropping what ends up empty', () => {
    const out = projectAttributes(user, {
      excludedAttributes: `emails.type,emails.primary,name.givenName,name.familyName,${enterprise}:manager.displayName,${enterprise}:employeeNumber`,
    })
    expect(out.emails).toEqual([{ value: 'b@example.com' }, { value: 'b@home.org' }])
    expect(out).not.toHaveProperty('name')
    expect(out[enterprise]).toEqual({ department: 'Ops', manager: { value: 'm1' } })
    expect(projectAttributes(user, { excludedAttributes: enterprise })).not.toHaveProperty(enterprise)
  })

  it('applies attributes, then excludedAttributes', () => {
    expect(projectAttributes(user, { attributes: 'userName,name', excludedAttributes: 'name.givenName' })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
      name: { familyName: 'Jensen' },
    })
  })

  it('lets the caller declare other always-returned attributes', () => {
    expect(projectAttributes(user, { attributes: 'active', excludedAttributes: 'userName' }, { alwaysReturned: ['id', 'userName'] })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
      active: true,
    })
  })

  it('refuses malformed paths with invalidPath', () => {
    for (const params of [{ attributes: 'name..givenName' }, { excludedAttributes: 'emails[type eq "work"]' }, { attributes: 'a.b.c' }]) {
      expect(() => projectAttributes(user, params)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }))
    }
  })

  it('does not modify the resource', () => {
    projectAttributes(user, { attributes: 'emails.value,name.givenName' })
    projectAttributes(user, { excludedAttributes: 'emails.value,name.givenName' })
    expect(user).toEqual(snapshot)
  })
})
