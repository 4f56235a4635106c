import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../server/env'
import { analyticsEvents, checkEvent, isOpaqueId } from '../../server/providers/analytics/catalog'

describe('analytics settings', () => {
  it('is off unless PostHog is configured or the local log is asked for', () => {
    expect(parseEnv({}).analytics).toEqual({ kind: 'off' })
    expect(parseEnv({ ANALYTICS: 'local' }).analytics).toEqual({ kind: 'local' })
    const posthog = parseEnv({ POSTHOG_API_KEY: 'phc_abc123' }).analytics
    expect(posthog).toMatchObject({ kind: 'posthog', apiKey: 'phc_abc123', host: 'https://eu.i.posthog.com', gzip: true })
    const us = parseEnv({ POSTHOG_API_KEY: 'phc_abc123', POSTHOG_HOST: 'https://us.i.posthog.com/' })
    expect(us.analytics).toMatchObject({ host: 'https://us.i.posthog.com' })
    // An explicit choice wins over the key: a kill switch that needs no secret removed.
    expect(parseEnv({ POSTHOG_API_KEY: 'phc_abc123', ANALYTICS: 'off' }).analytics).toEqual({ kind: 'off' })
    expect(parseEnv({ POSTHOG_API_KEY: 'phc_abc123', ANALYTICS: 'local' }).analytics).toEqual({ kind: 'local' })
  })

  it('refuses PostHog without a project key, and a personal API key', () => {
    expect(() => parseEnv({ ANALYTICS: 'posthog' })).toThrow(/POSTHOG_API_KEY: must be set when ANALYTICS=posthog/)
    expect(() => parseEnv({ POSTHOG_API_KEY: 'phx_personalKey' })).toThrow(/project API key \(phc_…\), not a personal API key/)
    expect(() => parseEnv({ ANALYTICS: 'everything' })).toThrow(/ANALYTICS/)
  })
})

describe('analytics catalog', () => {
  it('allows only enums, counts and booleans: no event can carry free text', () => {
    for (const [event, properties] of Object.entries(analyticsEvents)) {
      for (const [name, spec] of Object.entries(properties)) {
        expect(['enum', 'count', 'boolean'], `${event}.${name}`).toContain(spec.kind)
      }
    }
  })

  it('accepts a catalogued event and refuses anything else whole, naming the property but not the value', () => {
    expect(checkEvent('job_created', { region: 'EU' })).toEqual({ ok: true, properties: { region: 'EU' } })
    expect(checkEvent('job_created', {})).toEqual({ ok: true, properties: {} })
    expect(checkEvent('job_created', { region: 'EU', title: 'Analyst' })).toEqual({
      ok: false,
      refusal: { event: 'job_created', property: 'title', reason: 'not allowed for this event' },
    })
    const refusedProperty = (event: string, properties: Record<string, unknown>) => {
      const checked = checkEvent(event, properties)
      return checked.ok ? null : checked.refusal.property
    }
    expect(refusedProperty('job_created', { region: 'ada@example.test' })).toBe('region')
    expect(refusedProperty('transcript_imported', { format: 'text', segments: 2.5 })).toBe('segments')
    expect(checkEvent('candidate_added', { forJob: 1 })).toMatchObject({ ok: false })
    expect(checkEvent('toString', {})).toMatchObject({ ok: false, refusal: { reason: 'not in the catalog' } })
    expect(checkEvent('job_created', { constructor: 'x' })).toMatchObject({ ok: false, refusal: { property: 'constructor' } })
  })

  it('takes only our ids as identities, never an email or a name', () => {
    expect(isOpaqueId('cm3x9q2k10000abcd1234efgh')).toBe(true)
    expect(isOpaqueId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true)
    for (const value of ['ada@example.test', 'Ada Lovelace', 'ada', '', 'cAdaLovelaceWasHere0000000', 42]) {
      expect(isOpaqueId(value), String(value)).toBe(false)
    }
  })
})
