import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ScimError } from '../../server/scim/errors'
import { applyPatch, type PatchOperation, patchOpSchema } from '../../server/scim/patch'

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const coreUser = 'urn:ietf:params:scim:schemas:core:2.0:User'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

// Frozen: any write to the input throws (ES modules run in strict mode).
const user = deepFreeze({
  schemas: [coreUser],
  id: 'u1',
  externalId: 'e1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { value: 'b@example.com', type: 'work', primary: true },
    { value: 'b@home.org', type: 'home' },
  ],
  meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
})

const group = deepFreeze({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'g1',
  displayName: 'Engineering',
  members: [
    { value: 'id1', display: 'One' },
    { value: 'id2', display: 'Two' },
    { value: 'id3', display: 'Three' },
  ],
})

const patch = (resource: Record<string, unknown>, ...operations: unknown[]) =>
  applyPatch(resource, { schemas: [patchOpSchema], Operations: operations })

function patchError(resource: Record<string, unknown>, ...operations: unknown[]): ScimError {
  try {
    patch(resource, ...operations)
  } catch (err) {
    expect(err).toBeInstanceOf(ScimError)
    return err as ScimError
  }
  throw new Error('patch applied')
}

describe('applyPatch: the request', () => {
  it('requires the PatchOp schema and 1..1000 operations', () => {
    const op = { op: 'replace', path: 'active', value: false }
    const cases: [unknown, RegExp][] = [
      [null, /JSON object/],
      [{ Operations: [op] }, /schemas/],
      [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [op] }, /schemas/],
      [{ schemas: [patchOpSchema] }, /non-empty array/],
      [{ schemas: [patchOpSchema], Operations: [] }, /non-empty array/],
      [{ schemas: [patchOpSchema], Operations: Array.from({ length: 1001 }, () => op) }, /At most 1000/],
      [{ schemas: [patchOpSchema], Operations: ['add'] }, /must be an object/],
      [{ schemas: [patchOpSchema], Operations: [{ op: 'move', path: 'active' }] }, /add, replace or remove/],
      [{ schemas: [patchOpSchema], Operations: [{ path: 'active', value: true }] }, /add, replace or remove/],
    ]
    for (const [request, message] of cases) {
      expect(() => applyPatch(user, request), message.source).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidSyntax', message: expect.stringMatching(message) }))
    }
    expect(applyPatch(user, { schemas: [patchOpSchema], Operations: Array.from({ length: 1000 }, () => op) }).active).toBe(false)
  })

  it('requires a value for add and replace, and a string path', () => {
    expect(patchError(user, { op: 'add', path: 'title' })).toMatchObject({ status: 400, scimType: 'invalidValue' })
    expect(patchError(user, { op: 'replace', path: 42, value: 1 })).toMatchObject({ scimType: 'invalidPath' })
  })

  it('accepts Entra ID capitalised ops and field names', () => {
    const out = applyPatch(user, {
      schemas: [patchOpSchema],
      Operations: [
        { op: 'Replace', path: 'userName', value: 'babs' },
        { op: 'Add', path: 'title', value: 'Guide' },
        { op: 'Remove', path: 'externalId' },
        { OP: 'REPLACE', Path: 'displayName', Value: 'Babs' },
      ],
    })
    expect(out).toMatchObject({ userName: 'babs', title: 'Guide', displayName: 'Babs' })
    expect(out).not.toHaveProperty('externalId')
  })
})

describe('applyPatch: simple and complex attributes', () => {
  it('adds, replaces and removes a single-valued attribute', () => {
    expect(patch(user, { op: 'add', path: 'nickName', value: 'Babs' }).nickName).toBe('Babs')
    expect(patch(user, { op: 'add', path: 'userName', value: 'x' }).userName).toBe('x')
    expect(patch(user, { op: 'replace', path: 'active', value: false }).active).toBe(false)
    expect(patch(user, { op: 'replace', path: 'title', value: 'New' }).title).toBe('New')
    expect(patch(user, { op: 'remove', path: 'externalId' })).not.toHaveProperty('externalId')
    expect(patch(user, { op: 'remove', path: 'nickName' })).toEqual(user)
    // null means unassigned
    expect(patch(user, { op: 'replace', path: 'externalId', value: null })).not.toHaveProperty('externalId')
  })

  it('matches attribute names case-insensitively and keeps the resource casing', () => {
    const out = patch(user, { op: 'replace', path: 'USERNAME', value: 'x' }, { op: 'replace', path: 'Name.GivenName', value: 'B' })
    expect(out.userName).toBe('x')
    expect(out).not.toHaveProperty('USERNAME')
    expect(out.name).toEqual({ givenName: 'B', familyName: 'Jensen' })
  })

  it('sets and removes sub-attributes', () => {
    expect(patch(user, { op: 'add', path: 'name.middleName', value: 'J' }).name).toEqual({ ...user.name, middleName: 'J' })
    expect(patch(user, { op: 'replace', path: 'name.givenName', value: 'Babs' }).name).toEqual({ givenName: 'Babs', familyName: 'Jensen' })
    expect(patch(user, { op: 'remove', path: 'name.givenName' }).name).toEqual({ familyName: 'Jensen' })
    expect(patch(user, { op: 'remove', path: 'name.givenName' }, { op: 'remove', path: 'name.familyName' })).not.toHaveProperty('name')
    expect(patch({ id: 'u2', schemas: [coreUser] }, { op: 'add', path: 'name.givenName', value: 'New' }).name).toEqual({ givenName: 'New' })
  })

  it('merges a complex value into the existing one on add and replace', () => {
    expect(patch(user, { op: 'replace', path: 'name', value: { givenName: 'Babs' } }).name).toEqual({ givenName: 'Babs', familyName: 'Jensen' })
    expect(patch(user, { op: 'add', path: 'name', value: { honorificPrefix: 'Ms.', familyName: null } }).name).toEqual({
      givenName: 'Barbara',
      honorificPrefix: 'Ms.',
    })
  })

  it('refuses unusable paths with invalidPath', () => {
    for (const path of ['name..givenName', 'emails[type eq "work"', 'active.value', 'emails.value', 'name[givenName eq "Barbara"]', '']) {
      expect(patchError(user, { op: 'replace', path, value: 'x' }), path).toMatchObject({ status: 400, scimType: 'invalidPath' })
    }
  })
})

describe('applyPatch: extension attributes', () => {
  it('adds URN-prefixed attributes, creating the extension and listing it in schemas', () => {
    const out = patch(user, { op: 'add', path: `${enterprise}:department`, value: 'Ops' })
    expect(out[enterprise]).toEqual({ department: 'Ops' })
    expect(out.schemas).toEqual([coreUser, enterprise])
    const again = patch(out, { op: 'replace', path: `${enterprise.toLowerCase()}:Department`, value: 'Eng' })
    expect(again[enterprise]).toEqual({ department: 'Eng' })
    expect(again.schemas).toEqual([coreUser, enterprise])
  })

  it('drops an extension, and its schemas entry, when its last attribute goes', () => {
    const withExt = patch(user, { op: 'add', path: `${enterprise}:department`, value: 'Ops' })
    const out = patch(withExt, { op: 'remove', path: `${enterprise}:department` })
    expect(out).toEqual(user)
    expect(patch(withExt, { op: 'remove', path: enterprise })).toEqual(user)
    expect(patch(user, { op: 'remove', path: `${enterprise}:department` })).toEqual(user)
  })

  it('accepts the manager as an object or, from Entra ID, as a bare id; a new manager replaces the old whole', () => {
    const asObject = patch(user, { op: 'add', path: `${enterprise}:manager`, value: { value: 'm1', displayName: 'Boss' } })
    expect(asObject[enterprise]).toEqual({ manager: { value: 'm1', displayName: 'Boss' } })
    const asString = patch(asObject, { op: 'Replace', path: `${enterprise}:manager`, value: 'm2' })
    expect(asString[enterprise]).toEqual({ manager: { value: 'm2' } })
    expect(patch(asObject, { op: 'Replace', path: `${enterprise}:manager`, value: '' })).toEqual(user)
    expect(patch(asObject, { op: 'remove', path: `${enterprise}:manager.displayName` })[enterprise]).toEqual({ manager: { value: 'm1' } })
  })

  it('addresses core attributes through the core schema URN', () => {
    expect(patch(user, { op: 'replace', path: `${coreUser}:userName`, value: 'x' }).userName).toBe('x')
  })
})

describe('applyPatch: without a path', () => {
  it('replaces each attribute of the value (Entra ID deactivation)', () => {
    const out = patch(user, { op: 'Replace', value: { active: false } })
    expect(out).toEqual({ ...user, active: false })
  })

  it('reads keys as paths: sub-attributes, URN-prefixed attributes and whole extensions', () => {
    const out = patch(
      user,
      {
        op: 'Add',
        value: {
          'name.givenName': 'Babs',
          [`${enterprise}:employeeNumber`]: '701984',
          [`${enterprise}:manager`]: 'm1',
          'emails[type eq "work"].value': 'babs@example.com',
        },
      },
      { op: 'replace', value: { [enterprise]: { department: 'Ops', costCenter: '4130' }, name: { familyName: 'J' } } },
    )
    expect(out.name).toEqual({ givenName: 'Babs', familyName: 'J' })
    expect(out[enterprise]).toEqual({ employeeNumber: '701984', manager: { value: 'm1' }, department: 'Ops', costCenter: '4130' })
    expect(out.schemas).toEqual([coreUser, enterprise])
    expect(out.emails).toEqual([
      { value: 'babs@example.com', type: 'work', primary: true },
      { value: 'b@home.org', type: 'home' },
    ])
  })

  it('ignores schemas and unchanged read-only values that clients echo back (Okta group rename)', () => {
    const out = patch(group, { op: 'replace', value: { id: 'g1', schemas: ['x'], displayName: 'Eng' } })
    expect(out).toEqual({ ...group, displayName: 'Eng' })
    expect(patchError(group, { op: 'replace', value: { id: 'g2' } })).toMatchObject({ status: 400, scimType: 'mutability' })
  })

  it('needs an object value', () => {
    expect(patchError(user, { op: 'add', value: 'x' })).toMatchObject({ scimType: 'invalidValue' })
    expect(patchError(user, { op: 'replace', value: [{ active: false }] })).toMatchObject({ scimType: 'invalidValue' })
  })
})

describe('applyPatch: Entra ID string booleans', () => {
  it('coerces "True"/"False" in any case for boolean attributes, wherever they appear', () => {
    expect(patch(user, { op: 'Replace', path: 'active', value: 'False' }).active).toBe(false)
    expect(patch({ ...user, active: false }, { op: 'Replace', path: 'active', value: 'TRUE' }).active).toBe(true)
    expect(patch(user, { op: 'Replace', value: { active: 'false' } }).active).toBe(false)
    expect(patch(user, { op: 'Replace', path: 'emails[type eq "home"].primary', value: 'True' }).emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: false },
      { value: 'b@home.org', type: 'home', primary: true },
    ])
    expect(patch(user, { op: 'Add', path: 'phoneNumbers', value: [{ value: '+1 555', type: 'work', primary: 'True' }] }).phoneNumbers).toEqual([
      { value: '+1 555', type: 'work', primary: true },
    ])
  })

  it('leaves other strings alone, and honours a custom boolean list', () => {
    expect(patch(user, { op: 'replace', path: 'title', value: 'True' }).title).toBe('True')
    expect(patch(user, { op: 'replace', path: 'active', value: 'yes' }).active).toBe('yes')
    const options = { booleans: [`${enterprise}:isContractor`] }
    const out = applyPatch(user, { schemas: [patchOpSchema], Operations: [{ op: 'add', path: `${enterprise}:isContractor`, value: 'True' }] }, options)
    expect(out[enterprise]).toEqual({ isContractor: true })
  })
})

describe('applyPatch: multi-valued attributes', () => {
  it('appends on add, skipping values already there and updating a value with the same value and type', () => {
    const out = patch(user, {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'b@example.com', type: 'work', primary: true },
        { value: 'b@home.org', type: 'home', display: 'Home' },
        { value: 'b@home.org', type: 'other' },
        { value: 'new@example.com', type: 'work' },
      ],
    })
    expect(out.emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: true },
      { value: 'b@home.org', type: 'home', display: 'Home' },
      { value: 'b@home.org', type: 'other' },
      { value: 'new@example.com', type: 'work' },
    ])
    expect(patch(user, { op: 'add', path: 'emails', value: { value: 'one@example.com' } }).emails).toHaveLength(3)
  })

  it('keeps a single primary value', () => {
    const out = patch(user, { op: 'add', path: 'emails', value: [{ value: 'p@example.com', type: 'other', primary: true }] })
    expect(out.emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: false },
      { value: 'b@home.org', type: 'home' },
      { value: 'p@example.com', type: 'other', primary: true },
    ])
  })

  it('replaces the whole list without a filter, and removes it', () => {
    expect(patch(user, { op: 'replace', path: 'emails', value: [{ value: 'only@example.com' }] }).emails).toEqual([{ value: 'only@example.com' }])
    expect(patch(user, { op: 'replace', path: 'emails', value: [] })).not.toHaveProperty('emails')
    expect(patch(user, { op: 'remove', path: 'emails' })).not.toHaveProperty('emails')
  })

  it('adds and removes group members, including Entra ID removal by a value array', () => {
    expect(patch(group, { op: 'Add', path: 'members', value: [{ value: 'id4' }, { value: 'id1' }] }).members).toEqual([...group.members, { value: 'id4' }])
    expect(patch(group, { op: 'Remove', path: 'members', value: [{ value: 'id1' }, { value: 'id3' }, { value: 'nobody' }] }).members).toEqual([
      { value: 'id2', display: 'Two' },
    ])
    expect(patch(group, { op: 'remove', path: 'members[value eq "id2"]' }).members).toEqual([group.members[0], group.members[2]])
    expect(patch(group, { op: 'remove', path: 'members[value eq "id1" or value eq "id2" or value eq "id3"]' })).not.toHaveProperty('members')
    expect(patch(group, { op: 'replace', path: 'members', value: [{ value: 'id9' }] }).members).toEqual([{ value: 'id9' }])
  })
})

describe('applyPatch: value filter paths', () => {
  it('replaces a sub-attribute of the matching values', () => {
    expect(patch(user, { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }).emails).toEqual([
      { value: 'new@example.com', type: 'work', primary: true },
      { value: 'b@home.org', type: 'home' },
    ])
    expect(patch(user, { op: 'replace', path: 'emails[type eq "WORK" or type eq "home"].display', value: 'x' }).emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: true, display: 'x' },
      { value: 'b@home.org', type: 'home', display: 'x' },
    ])
  })

  it('replaces matching values whole, or merges into them on add', () => {
    expect(patch(user, { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@home.org', type: 'home' } }).emails).toEqual([
      user.emails[0],
      { value: 'h@home.org', type: 'home' },
    ])
    expect(patch(user, { op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }).emails).toEqual([
      user.emails[0],
      { value: 'b@home.org', type: 'home', display: 'Home' },
    ])
    expect(patchError(user, { op: 'replace', path: 'emails[type eq "home"]', value: 'x' })).toMatchObject({ scimType: 'invalidValue' })
  })

  it('creates the value on an add that matches nothing, from the filter equalities (Entra ID)', () => {
    expect(patch(user, { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }).phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0100' },
    ])
    expect(patch(user, { op: 'add', path: 'emails[type eq "other" and primary eq true].value', value: 'o@x.org' }).emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: false },
      user.emails[1],
      { type: 'other', primary: true, value: 'o@x.org' },
    ])
    expect(patchError(user, { op: 'add', path: 'emails[type co "x"].value', value: 'o@x.org' })).toMatchObject({ scimType: 'noTarget' })
  })

  it('answers noTarget when a replace or remove filter matches nothing (RFC 7644 §3.5.2.3, §3.12)', () => {
    for (const op of [
      { op: 'replace', path: 'emails[type eq "other"].value', value: 'x' },
      { op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x' } },
      { op: 'remove', path: 'emails[type eq "other"]' },
      { op: 'remove', path: 'addresses[type eq "work"].locality' },
    ]) {
      expect(patchError(user, op), op.path).toMatchObject({ status: 400, scimType: 'noTarget' })
    }
  })

  it('removes matching values or a sub-attribute of them', () => {
    expect(patch(user, { op: 'remove', path: 'emails[type eq "home"]' }).emails).toEqual([user.emails[0]])
    expect(patch(user, { op: 'remove', path: 'emails[value ew "@example.com"].primary' }).emails).toEqual([
      { value: 'b@example.com', type: 'work' },
      user.emails[1],
    ])
  })
})

describe('applyPatch: refusals', () => {
  it('answers noTarget for a remove without path', () => {
    const err = patchError(user, { op: 'remove' })
    expect(err).toMatchObject({ status: 400, scimType: 'noTarget' })
  })

  it('refuses read-only attributes with mutability', () => {
    for (const op of [
      { op: 'replace', path: 'id', value: 'u2' },
      { op: 'remove', path: 'id' },
      { op: 'replace', path: 'meta.lastModified', value: '2030-01-01T00:00:00Z' },
      { op: 'add', path: 'meta', value: { version: 'W/"1"' } },
      { op: 'replace', path: 'schemas', value: [coreUser] },
      { op: 'add', path: 'groups', value: [{ value: 'g1' }] },
      { op: 'replace', value: { meta: { resourceType: 'Group' } } },
    ]) {
      expect(patchError(user, op), JSON.stringify(op)).toMatchObject({ status: 400, scimType: 'mutability' })
    }
  })

  it('refuses read-only sub-attributes the caller declares, also inside a complex value', () => {
    const request = (operations: unknown[]) => ({ schemas: [patchOpSchema], Operations: operations })
    const options = { readOnly: ['id', 'name.familyName'] }
    expect(() => applyPatch(user, request([{ op: 'replace', path: 'name', value: { familyName: 'X' } }]), options)).toThrow(
      expect.objectContaining({ scimType: 'mutability' }),
    )
    expect(applyPatch(user, request([{ op: 'replace', path: 'name', value: { givenName: 'X' } }]), options).name).toEqual({
      givenName: 'X',
      familyName: 'Jensen',
    })
  })

  it('refuses a "__proto__" key inside a value', () => {
    const request = JSON.parse(`{"schemas":["${patchOpSchema}"],"Operations":[{"op":"add","path":"name","value":{"__proto__":{"x":1}}}]}`)
    expect(() => applyPatch(user, request)).toThrow(expect.objectContaining({ scimType: 'invalidValue' }))
    expect(patchError(user, { op: 'add', value: JSON.parse('{"__proto__":{"x":1}}') })).toMatchObject({ scimType: 'invalidPath' })
  })

  it('applies all operations or none', () => {
    const err = patchError(user, { op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'id', value: 'x' })
    expect(err.scimType).toBe('mutability')
    expect(user.active).toBe(true)
  })
})

describe('applyPatch: input', () => {
  it('never modifies the resource and shares no objects with the request', () => {
    const value = [{ value: 'n@example.com', type: 'work' }]
    const out = patch(user, { op: 'add', path: 'emails', value }, { op: 'replace', path: 'emails[type eq "work"].display', value: 'W' })
    expect(value).toEqual([{ value: 'n@example.com', type: 'work' }])
    expect(out.emails).not.toBe(user.emails)
    expect(Object.isFrozen(user.emails[0])).toBe(true)
  })

  it('throws only ScimError for arbitrary operations, and leaves the resource untouched', () => {
    const path = fc.constantFrom(
      'active', 'name.givenName', 'emails', 'emails[type eq "work"].value', 'members[value eq "id1"]', 'id', 'meta.created',
      `${enterprise}:manager`, enterprise, 'schemas', 'x[', 'name[a pr]', 'emails.value',
    )
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('True', 'False', '', null))
    const operation = fc.record(
      { op: fc.constantFrom('add', 'Replace', 'REMOVE', 'copy'), path, value },
      { requiredKeys: ['op'] },
    ) as fc.Arbitrary<PatchOperation>
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 5 }), (operations) => {
        try {
          patch(user, ...operations)
          patch(group, ...operations)
        } catch (err) {
          if (!(err instanceof ScimError)) throw err
          expect(err.status).toBe(400)
        }
      }),
      { numRuns: 500 },
    )
  })
})
