import type { IsoDate } from './types'

/**
 * Incident notes for the status page, newest first. Write one for every
 * incident that affected customers, once it is resolved: what happened, who
 * was affected, how it was fixed and what changes so it does not recur.
 */
export type IncidentImpact = 'none' | 'minor' | 'major' | 'critical'

export type Incident = {
  id: string
  date: IsoDate
  title: string
  impact: IncidentImpact
  /** Affected region or component, in words a customer recognises. */
  scope: string
  durationMinutes: number
  summary: string
  resolution: string
}

export const statusRevision: IsoDate = '2026-10-15'

export const incidents: Incident[] = [
  {
    id: '2026-10-14-email-delay',
    date: '2026-10-14',
    title: 'Delayed invitation and notification emails',
    impact: 'minor',
    scope: 'Email delivery, both regions',
    durationMinutes: 47,
    summary:
      'Emails were queued but not sent for 47 minutes after a routine rotation of our email provider credentials. No email was lost; the application itself was not affected.',
    resolution:
      'The queued emails were delivered once the new credentials were in place. We now alert when the oldest queued email is more than five minutes old, and credential rotations are checked with a test message before the old credentials are retired.',
  },
  {
    id: '2026-08-22-eu-database-failover',
    date: '2026-08-22',
    title: 'Brief unavailability during planned database maintenance',
    impact: 'minor',
    scope: 'EU region',
    durationMinutes: 6,
    summary:
      'During announced maintenance to upgrade the EU database, the failover to the upgraded instance took longer than planned: pages in the EU region returned errors for six minutes.',
    resolution:
      'The upgrade completed and service recovered without data loss. Future maintenance windows include a rehearsal of the failover on a copy of the production database.',
  },
]

export const impactLabel: Record<IncidentImpact, string> = {
  none: 'No impact',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
}
