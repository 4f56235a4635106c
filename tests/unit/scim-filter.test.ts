import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ScimError, scimErrorBody } from '../../server/scim/errors'
import {
  type FilterNode,
  matchesFilter,
  maxFilterDepth,
  maxFilterLength,
  parseFilter,
  parsePatchPath,
  simpleEquality,
} from '../../server/scim/filter'

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const user: Record<string, unknown> = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', enterprise],
  id: 'U-2819c223',
  externalId: 'BJensen',
  userName: 'bjensen@example.com',
  displayName: 'Babs Jensen',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  title: 'Tour Guide',
  active: true,
  loginCount: 42,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  [enterprise]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: 'M-26118915', displayName: 'John Smith' } },
}

const matches = (filter: string, resource: Record<string, unknown> = user) => matchesFilter(parseFilter(filter), resource)

function filterError(filter: string): ScimError {
  try {
    parseFilter(filter)
  } catch (err) {
    expect(err).toBeInstanceOf(ScimError)
    return err as ScimError
  }
  throw new Error(`parsed: ${filter}`)
}

describe('parseFilter', () => {
  it('parses an attribute expression for every operator', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`userName ${op} "x"`)).toEqual({ type: 'compare', path: { attr: 'userName' }, op, value: 'x' })
    }
    expect(parseFilter('title pr')).toEqual({ type: 'present', path: { attr: 'title' } })
  })

  it('reads operators, logical words and literals in any case', () => {
    expect(parseFilter('userName EQ "x" AND active Eq TRUE Or title PR')).toEqual({
      type: 'or',
      filters: [
        {
          type: 'and',
          filters: [
            { type: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'x' },
            { type: 'compare', path: { attr: 'active' }, op: 'eq', value: true },
          ],
        },
        { type: 'present', path: { attr: 'title' } },
      ],
    })
  })

  it('parses JSON values: escaped strings, numbers, booleans and null', () => {
    const value = (text: string) => (parseFilter(`a eq ${text}`) as Extract<FilterNode, { type: 'compare' }>).value
    expect(value('"say \\"hi\\" \\\\ \\/ \\u00e9\\n"')).toBe('say "hi" \\ / é\n')
    expect(value('-12.5e2')).toBe(-1250)
    expect(value('0')).toBe(0)
    expect(value('false')).toBe(false)
    expect(value('null')).toBeNull()
  })

  it('gives not precedence over and, and and over or', () => {
    const a = { type: 'present', path: { attr: 'a' } }
    const b = { type: 'present', path: { attr: 'b' } }
    const c = { type: 'present', path: { attr: 'c' } }
    expect(parseFilter('a pr or b pr and c pr')).toEqual({ type: 'or', filters: [a, { type: 'and', filters: [b, c] }] })
    expect(parseFilter('a pr and b pr or c pr')).toEqual({ type: 'or', filters: [{ type: 'and', filters: [a, b] }, c] })
    expect(parseFilter('not (a pr) and b pr')).toEqual({ type: 'and', filters: [{ type: 'not', filter: a }, b] })
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({ type: 'and', filters: [{ type: 'or', filters: [a, b] }, c] })
  })

  it('parses URN-prefixed attributes and sub-attributes', () => {
    expect(parseFilter(`${enterprise}:employeeNumber eq "701984"`)).toMatchObject({
      path: { urn: enterprise, attr: 'employeeNumber' },
    })
    expect(parseFilter(`${enterprise}:manager.value eq "x"`)).toMatchObject({ path: { urn: enterprise, attr: 'manager', sub: 'value' } })
    expect(parseFilter('name.familyName co "J"')).toMatchObject({ path: { attr: 'name', sub: 'familyName' } })
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({ path: { attr: 'meta', sub: 'lastModified' } })
  })

  it('parses value paths', () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toEqual({
      type: 'valuePath',
      path: { attr: 'emails' },
      filter: {
        type: 'and',
        filters: [
          { type: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
          { type: 'compare', path: { attr: 'value' }, op: 'co', value: '@example.com' },
        ],
      },
    })
  })

  it.each([
    ['userName eq "unterminated', /Unterminated string starting at position 13/],
    ['userName like "x"', /Unknown operator "like" at position 10/],
    ['userName eq', /Expected a value after "eq" at position 12/],
    ['userName eq "a" "b"', /Expected "and", "or" or the end of the filter at position 17/],
    ['userName eq "a" xor title pr', /at position 17/],
    ['userName eq "a" and', /Expected an attribute name at position 20/],
    ['(userName pr', /Expected "\)"/],
    ['userName pr)', /position 12/],
    ['emails[type eq "work"', /Expected "\]"/],
    ['emails[type eq "work"].value eq "x"', /at position 23, found ".value"/],
    ['emails[value co "a" and types[x pr]]', /Value filters cannot nest/],
    ['name.givenName[x pr]', /cannot follow the sub-attribute/],
    ["userName eq 'x'", /strings take double quotes/],
    ['not userName eq "x"', /Expected "\(" after "not"/],
    ['userName eq "a\\x"', /Invalid escape sequence/],
    ['a eq 12abc', /Invalid number/],
    ['a eq 01', /Invalid number/],
    ['a.b.c eq 1', /Invalid attribute path "a.b.c"/],
    ['1abc eq 1', /Invalid number at position 1/],
    ['"userName" eq 1', /Expected an attribute name at position 1, found a string/],
    ['urn:x eq 1', /Invalid attribute path/],
    ['active gt true', /"gt" cannot compare with true/],
    ['title co 3', /"co" takes a string/],
    ['a eq "x" && b pr', /Unexpected character "&"/],
    ['', /empty/],
    ['   ', /empty/],
  ])('refuses %j with invalidFilter', (filter, message) => {
    const err = filterError(filter)
    expect(err.status).toBe(400)
    expect(err.scimType).toBe('invalidFilter')
    expect(err.message).toMatch(message)
    expect(scimErrorBody(err)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: err.message,
    })
  })

  it('limits length and nesting depth', () => {
    expect(filterError(`userName eq "${'x'.repeat(maxFilterLength)}"`).message).toMatch(/longer than 4096/)
    const nested = (n: number) => `${'('.repeat(n)}a pr${')'.repeat(n)}`
    expect(() => parseFilter(nested(maxFilterDepth))).not.toThrow()
    expect(filterError(nested(maxFilterDepth + 1)).message).toMatch(/deeper than 32 levels/)
    const nots = (n: number) => `${'not ('.repeat(n)}a pr${')'.repeat(n)}`
    expect(filterError(nots(maxFilterDepth + 1)).scimType).toBe('invalidFilter')
    // A long flat chain is not nesting.
    expect(parseFilter(Array.from({ length: 300 }, (_, i) => `a${i} pr`).join(' and '))).toMatchObject({ type: 'and' })
  })

  it('throws only ScimError invalidFilter on arbitrary input', () => {
    const pieces = fc.constantFrom(
      ' ', '(', ')', '[', ']', '"', '\\', '.', ':', 'not', 'and', 'or', 'eq', 'pr', 'gt', 'userName', 'emails',
      'urn:ietf:params:scim:schemas:core:2.0:User:', '"x"', '12', '-', 'true', 'null', '$ref',
    )
    const input = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join(' ')), fc.array(pieces).map((p) => p.join('')))
    fc.assert(
      fc.property(input, (text) => {
        try {
          const node = parseFilter(text)
          // Whatever parses can be evaluated without crashing (ordering a boolean may still be refused).
          try {
            matchesFilter(node, user)
          } catch (err) {
            if (!(err instanceof ScimError) || err.scimType !== 'invalidFilter') throw err
          }
        } catch (err) {
          if (!(err instanceof ScimError) || err.scimType !== 'invalidFilter' || err.status !== 400) throw err
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('matchesFilter', () => {
  it('evaluates eq and ne, ignoring the case of names and of non-caseExact strings', () => {
    expect(matches('userName eq "BJENSEN@example.com"')).toBe(true)
    expect(matches('USERNAME eq "bjensen@example.com"')).toBe(true)
    expect(matches('name.FAMILYNAME eq "jensen"')).toBe(true)
    expect(matches('userName ne "someone@example.com"')).toBe(true)
    expect(matches('userName ne "bjensen@EXAMPLE.com"')).toBe(false)
    expect(matches('active eq true')).toBe(true)
    expect(matches('active eq false')).toBe(false)
    expect(matches('loginCount eq 42')).toBe(true)
    expect(matches('loginCount eq "42"')).toBe(false)
  })

  it('compares caseExact attributes (id, externalId, meta.resourceType) exactly', () => {
    expect(matches('id eq "U-2819c223"')).toBe(true)
    expect(matches('id eq "u-2819C223"')).toBe(false)
    expect(matches('externalId eq "BJensen"')).toBe(true)
    expect(matches('externalId eq "bjensen"')).toBe(false)
    expect(matches('externalId sw "BJ"')).toBe(true)
    expect(matches('externalId sw "bj"')).toBe(false)
    expect(matches('meta.resourceType eq "user"')).toBe(false)
    // A custom set replaces the default.
    expect(matchesFilter(parseFilter('userName eq "BJENSEN@example.com"'), user, { caseExact: ['userName'] })).toBe(false)
    expect(matchesFilter(parseFilter('externalId eq "bjensen"'), user, { caseExact: [] })).toBe(true)
  })

  it('evaluates co, sw and ew', () => {
    expect(matches('userName co "JENSEN@"')).toBe(true)
    expect(matches('userName sw "bjen"')).toBe(true)
    expect(matches('userName ew ".COM"')).toBe(true)
    expect(matches('userName sw "jensen"')).toBe(false)
    expect(matches('userName co "nobody"')).toBe(false)
    expect(matches('loginCount co "4"')).toBe(false)
  })

  it('orders strings lexically and numbers numerically', () => {
    expect(matches('title gt "tour"')).toBe(true)
    expect(matches('title ge "TOUR GUIDE"')).toBe(true)
    expect(matches('title lt "tour guide"')).toBe(false)
    expect(matches('title le "tour guide"')).toBe(true)
    expect(matches('loginCount gt 41')).toBe(true)
    expect(matches('loginCount ge 42')).toBe(true)
    expect(matches('loginCount lt 42')).toBe(false)
    expect(matches('loginCount le 42.5')).toBe(true)
    expect(matches('loginCount gt "41"')).toBe(false)
  })

  it('orders meta.created and meta.lastModified chronologically', () => {
    expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true)
    expect(matches('meta.lastModified gt "2011-05-13T04:42:34Z"')).toBe(false)
    // Lexically "2011-05-13T06..." > "2011-05-13T04...", but with the offset it is 04:42:34Z itself.
    expect(matches('meta.lastModified ge "2011-05-13T06:42:34+02:00"')).toBe(true)
    expect(matches('meta.lastModified lt "2011-05-13T06:42:34+02:00"')).toBe(false)
    expect(matches('meta.lastModified eq "2011-05-13T04:42:34.000Z"')).toBe(true)
    expect(matches('meta.created lt "2011-01-01"')).toBe(true)
    expect(matches('meta.created le "2010-01-23T04:56:21Z"')).toBe(false)
    expect(() => matches('meta.created gt "yesterday"')).toThrow(expect.objectContaining({ scimType: 'invalidFilter', status: 400 }))
  })

  it('refuses to order booleans', () => {
    expect(() => matches('active gt "a"')).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }))
  })

  it('treats pr as present and non-empty', () => {
    const resource = { ...user, nickName: '', phoneNumbers: [], addresses: [{ type: '' }], x: null }
    expect(matches('title pr', resource)).toBe(true)
    expect(matches('name pr', resource)).toBe(true)
    expect(matches('emails pr', resource)).toBe(true)
    expect(matches('nickName pr', resource)).toBe(false)
    expect(matches('phoneNumbers pr', resource)).toBe(false)
    expect(matches('addresses pr', resource)).toBe(false)
    expect(matches('x pr', resource)).toBe(false)
    expect(matches('missing pr', resource)).toBe(false)
    expect(matches('active pr', { active: false })).toBe(true)
  })

  it('treats null as unassigned', () => {
    expect(matches('nickName eq null')).toBe(true)
    expect(matches('title eq null')).toBe(false)
    expect(matches('title ne null')).toBe(true)
    expect(matches('nickName ne "x"')).toBe(true)
  })

  it('matches a multi-valued attribute when any value matches', () => {
    expect(matches('emails.value eq "BABS@jensen.org"')).toBe(true)
    expect(matches('emails.type eq "home"')).toBe(true)
    expect(matches('emails co "jensen.org"')).toBe(true) // the "value" sub-attribute is implied
    expect(matches('emails.value ew "@nowhere.org"')).toBe(false)
    expect(matches('emails.type ne "work"')).toBe(true)
    expect(matches('schemas eq "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User"')).toBe(true)
  })

  it('requires one element to satisfy a whole value filter', () => {
    expect(matches('emails[type eq "work" and value co "@example.com"]')).toBe(true)
    expect(matches('emails[type eq "home" and value co "@example.com"]')).toBe(false)
    expect(matches('emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp"]')).toBe(true)
    expect(matches('emails[not (type eq "work") and primary pr]')).toBe(false)
    expect(matches('emails[TYPE eq "HOME"] and not (emails[primary eq false])')).toBe(true)
    expect(matches('missing[type eq "x"]')).toBe(false)
  })

  it('evaluates logical operators, not and parentheses', () => {
    expect(matches('title pr and userType eq "Employee"')).toBe(false)
    expect(matches('title pr or userType eq "Employee"')).toBe(true)
    expect(matches('not (title pr)')).toBe(false)
    expect(matches('userType eq "x" and title pr or active eq true')).toBe(true)
    expect(matches('userType eq "x" and (title pr or active eq true)')).toBe(false)
    expect(matches('not (userType eq "x") and (title sw "tour" or active eq false)')).toBe(true)
  })

  it('reads extension attributes by URN, and core attributes with or without the core URN', () => {
    expect(matches(`${enterprise}:employeeNumber eq "701984"`)).toBe(true)
    expect(matches(`${enterprise.toLowerCase()}:DEPARTMENT sw "tour"`)).toBe(true)
    expect(matches(`${enterprise}:manager.value eq "M-26118915"`)).toBe(true)
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen@example.com"')).toBe(true)
    expect(matches('employeeNumber eq "701984"')).toBe(false)
    expect(matches('urn:example:other:employeeNumber pr')).toBe(false)
  })
})

describe('simpleEquality', () => {
  it('recognizes a single string equality', () => {
    expect(simpleEquality(parseFilter('userName eq "bjensen"'))).toEqual({ path: 'username', value: 'bjensen' })
    expect(simpleEquality(parseFilter('(externalId EQ "A1")'))).toEqual({ path: 'externalid', value: 'A1' })
    expect(simpleEquality(parseFilter('urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "Ops"'))).toEqual({
      path: 'displayname',
      value: 'Ops',
    })
    expect(simpleEquality(parseFilter(`${enterprise}:employeeNumber eq "7"`))).toEqual({
      path: `${enterprise.toLowerCase()}:employeenumber`,
      value: '7',
    })
  })

  it('returns null for anything else', () => {
    for (const filter of ['userName ne "x"', 'userName eq "x" and active eq true', 'active eq true', 'not (userName eq "x")', 'emails[value eq "x"]', 'userName pr']) {
      expect(simpleEquality(parseFilter(filter)), filter).toBeNull()
    }
  })
})

describe('parsePatchPath', () => {
  it('parses attribute paths and value paths with a sub-attribute', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attr: 'emails' },
      filter: { type: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
      sub: 'value',
    })
    expect(parsePatchPath(`${enterprise}:manager`)).toEqual({ path: { urn: enterprise, attr: 'manager' } })
  })

  it('refuses malformed paths with invalidPath', () => {
    for (const path of ['emails[type eq "work"', 'emails[type eq "work"].', 'a b', 'name.givenName.x', 'emails[type eq "work"].value.x']) {
      expect(() => parsePatchPath(path), path).toThrow(expect.objectContaining({ scimType: 'invalidPath', status: 400 }))
    }
  })
})
