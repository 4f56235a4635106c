import { describe, expect, it } from 'vitest'
import {
  daysBetween,
  isCurrent,
  noticeDays,
  subprocessorChanges,
  subprocessors,
  subprocessorView,
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

    const beforeClerk = subprocessorView(new Date('2026-11-20T12:00:00Z'))
    expect(beforeClerk.current.map((s) => s.id)).not.toContain('clerk')
    expect(beforeClerk.upcoming.map((c) => c.id)).toEqual(['2026-11-clerk-added'])

    const afterClerk = subprocessorView(new Date('2026-12-17T00:00:00Z'))
    expect(afterClerk.current.map((s) => s.id)).toContain('clerk')
    expect(afterClerk.upcoming).toEqual([])
    expect(afterClerk.changes[0]!.announcedAt >= afterClerk.changes.at(-1)!.announcedAt).toBe(true)
  })
})
