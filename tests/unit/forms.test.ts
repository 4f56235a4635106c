import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from '../../app/utils/forms.server'
import { slugify } from '../../server/services/orgs/orgs'
import { emailTemplates } from '../../server/services/mail/templates'

describe('safeRedirectPath', () => {
  it.each([
    ['/app/members', '/app/members'],
    ['/invitations/abc?x=1', '/invitations/abc?x=1'],
    ['//evil.example/x', '/app'],
    ['/\\evil.example', '/app'],
    ['https://evil.example', '/app'],
    ['javascript:alert(1)', '/app'],
    ['', '/app'],
    [null, '/app'],
    ['/\t/evil.example', '/app'],
    ['/\n/evil.example', '/app'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/app\\..\\x', '/app'],
    ['/app/../sign-in?x=1#top', '/sign-in?x=1#top'],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
  })
})

describe('slugify', () => {
  it('makes readable, url-safe slugs with a random suffix', () => {
    expect(slugify('Ça Marche & Co.')).toMatch(/^ca-marche-co-[0-9a-f]{6}$/)
    expect(slugify('!!!')).toMatch(/^org-[0-9a-f]{6}$/)
  })
})

describe('email templates', () => {
  it('render text and escaped HTML from the same data', () => {
    const email = emailTemplates.invitation({
      orgName: '<script>x</script>',
      inviterName: 'Ann',
      roleName: 'Viewer',
      acceptUrl: 'https://app.example/invitations/t',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    })
    expect(email.text).toContain('https://app.example/invitations/t')
    expect(email.html).not.toContain('<script>')
    expect(email.html).toContain('&lt;script&gt;')
  })
})

describe('audit free-text terms', () => {
  it('turns typed words into whole words plus an unfinished last one, letters and digits only', async () => {
    const { toPrefixQuery } = await import('../../server/audit/query')
    expect(toPrefixQuery('role.upd')).toBe('role & upd:*')
    expect(toPrefixQuery('Ann@Acme.te')).toBe('ann & acme & te:*')
    expect(toPrefixQuery("'); DROP TABLE x; --")).toBe('drop & table & x:*')
    expect(toPrefixQuery(' !!! ')).toBeNull()
  })
})
