import { describe, expect, it } from 'vitest'
import {
  daysBetween,
  isCurrent,
  noticeDays,
  publishedRegistry,
  subprocessorChanges,
  subprocessors,
  subprocessorView,
  withAnnouncements,
  type StoredAnnouncement,
} from '../../trust/subprocessors'

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const validDate = (d: string) => isoDate.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)

describe('sub-processors', () => {
  it('announces every change at least 30 days before it takes effect', () => {
    expect(noticeDays).toBeGreaterThanOrEqual(30)
    const tooShort = subprocessorChanges
      .filter((c) => daysBetween(c.announcedAt, c.effectiveAt) < noticeDays)
      .map((c) => `${c.id}: ${daysBetween(c.announcedAt, c.effectiveAt)} days`)
    expect(tooShort).toEqual([])
  })

  it('uses valid dates and unique ids', () => {
    for (const s of subprocessors) {
      expect(validDate(s.since), s.id).toBe(true)
      if (s.until) expect(s.until > s.since, s.id).toBe(true)
    }
    for (const c of subprocessorChanges) expect(validDate(c.announcedAt) && validDate(c.effectiveAt), c.id).toBe(true)
    expect(new Set(subprocessors.map((s) => s.id)).size).toBe(subprocessors.length)
    expect(new Set(subprocessorChanges.map((c) => c.id)).size).toBe(subprocessorChanges.length)
  })

  it('keeps the list and the change log consistent', () => {
    for (const change of subprocessorChanges) {
      const target = subprocessors.find((s) => s.id === change.subprocessor)
      expect(target, change.id).toBeDefined()
      if (change.type === 'added') expect(target!.since, change.id).toBe(change.effectiveAt)
      if (change.type === 'removed') expect(target!.until, change.id).toBe(change.effectiveAt)
    }
    // Anyone who joined after launch or left must have an announced change.
    const launch = subprocessors.reduce((min, s) => (s.since < min ? s.since : min), '9999-12-31')
    for (const s of subprocessors) {
      if (s.since > launch) expect(subprocessorChanges.some((c) => c.subprocessor === s.id && c.type === 'added'), s.id).toBe(true)
      if (s.until) expect(subprocessorChanges.some((c) => c.subprocessor === s.id && c.type === 'removed'), s.id).toBe(true)
    }
  })

  it('describes every provider fully', () => {
    for (const s of subprocessors) {
      for (const field of ['name', 'entity', 'purpose', 'dataShared', 'location', 'safeguard'] as const) {
        expect(s[field].trim().length, `${s.id}.${field}`).toBeGreaterThan(2)
      }
      expect(s.website).toMatch(/^https:\/\//)
    }
  })

  it('lists the stack’s providers, with AI providers and hosted sign-in as optional', () => {
    const ids = subprocessors.map((s) => s.id)
    expect(ids).toEqual(expect.arrayContaining(['aws', 'cloudflare-r2', 'openai', 'assemblyai', 'mailgun', 'stripe', 'posthog', 'clerk']))
    for (const id of ['openai', 'assemblyai', 'clerk']) expect(subprocessors.find((s) => s.id === id)!.optional, id).toBe(true)
  })

  it('shows a provider from its start date until its end date', () => {
    const sendgrid = subprocessors.find((s) => s.id === 'sendgrid')!
    expect(isCurrent(sendgrid, new Date('2026-06-04T23:59:59Z'))).toBe(true)
    expect(isCurrent(sendgrid, new Date('2026-06-05T00:00:00Z'))).toBe(false)

    const beforeClerk = subprocessorView(publishedRegistry, new Date('2026-11-20T12:00:00Z'))
    expect(beforeClerk.current.map((s) => s.id)).not.toContain('clerk')
    expect(beforeClerk.upcoming.map((c) => c.id)).toEqual(['2026-11-clerk-added'])

    const afterClerk = subprocessorView(publishedRegistry, new Date('2026-12-17T00:00:00Z'))
    expect(afterClerk.current.map((s) => s.id)).toContain('clerk')
    expect(afterClerk.upcoming).toEqual([])
    expect(afterClerk.changes[0]!.announcedAt >= afterClerk.changes.at(-1)!.announcedAt).toBe(true)
  })

  describe('announcements made from the platform console', () => {
    const acme = {
      name: 'Acme Mail',
      entity: 'Acme Mail GmbH',
      purpose: 'Transactional email',
      dataShared: 'Recipient address, message content',
      location: 'Germany',
      safeguard: 'Processing in the EU',
      optional: false,
      website: 'https://acme.example',
    }
    const announcements: StoredAnnouncement[] = [
      { id: '2027-01-acme-added', type: 'added', subprocessorKey: 'acme', summary: 'Acme joins.', details: acme, announcedAt: '2026-12-01', effectiveAt: '2027-01-05' },
      { id: '2027-01-mailgun-removed', type: 'removed', subprocessorKey: 'mailgun', summary: 'Mailgun leaves.', details: null, announcedAt: '2026-12-01', effectiveAt: '2027-01-05' },
      {
        id: '2027-02-stripe-changed',
        type: 'changed',
        subprocessorKey: 'stripe',
        summary: 'Stripe processes in the EU only.',
        details: { location: 'Ireland', unknownField: 'ignored' },
        announcedAt: '2026-12-20',
        effectiveAt: '2027-02-01',
      },
    ]
    const registry = withAnnouncements(publishedRegistry, announcements)
    const at = (date: string) => subprocessorView(registry, new Date(`${date}T12:00:00Z`))

    it('leaves the published content untouched', () => {
      expect(publishedRegistry.subprocessors.find((s) => s.id === 'mailgun')!.until).toBeUndefined()
      expect(publishedRegistry.changes).toHaveLength(subprocessorChanges.length)
    })

    it('adds a provider from its effective date and ends a removed one on its date', () => {
      expect(at('2027-01-04').current.map((s) => s.id)).toEqual(expect.arrayContaining(['mailgun']))
      expect(at('2027-01-04').current.map((s) => s.id)).not.toContain('acme')
      expect(at('2027-01-04').upcoming.map((c) => c.id)).toEqual(['2027-01-acme-added', '2027-01-mailgun-removed', '2027-02-stripe-changed'])
      expect(at('2027-01-05').current.map((s) => s.id)).toContain('acme')
      expect(at('2027-01-05').current.map((s) => s.id)).not.toContain('mailgun')
      expect(at('2027-01-05').current.find((s) => s.id === 'acme')).toMatchObject({ ...acme, since: '2027-01-05' })
    })

    it('applies a change’s fields only from its effective date, and only known fields', () => {
      expect(at('2027-01-31').current.find((s) => s.id === 'stripe')!.location).toBe('Ireland; United States')
      const after = at('2027-02-01').current.find((s) => s.id === 'stripe')!
      expect(after.location).toBe('Ireland')
      expect(after).not.toHaveProperty('unknownField')
    })

    it('lists the new changes newest first and moves the revision to the newest announcement', () => {
      expect(at('2027-03-01').changes[0]!.id).toBe('2027-02-stripe-changed')
      expect(registry.revision).toBe('2026-12-20')
      expect(registry.changes).toHaveLength(subprocessorChanges.length + 3)
    })
  })
})
