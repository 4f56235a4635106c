import type { IsoDate } from './types'

/**
 * Versioned legal documents. Each version is a markdown file under trust/
 * that is never edited once published: a change is a new version with a new
 * file, announced at least 30 days before it takes effect (DPA section 14.3).
 * Versions are listed newest first.
 */
export type DocumentVersion = {
  version: string
  /** The markdown file, relative to trust/. */
  file: string
  publishedAt: IsoDate
  effectiveAt: IsoDate
  /** What changed compared with the previous version. */
  changes: string[]
}

export const dpaVersions: DocumentVersion[] = [
  {
    version: '1.1',
    file: 'dpa/1.1.md',
    publishedAt: '2026-09-04',
    effectiveAt: '2026-10-05',
    changes: [
      'Personal data breaches are notified within 48 hours instead of 72 (section 8).',
      'New section 7 on artificial intelligence: no training on customer data, provider terms, decisions stay with people, no emotion recognition.',
      'Optional sub-processors process data only once an admin enables the feature that uses them (section 6.5).',
      'Sub-processor announcements are also published as JSON and Atom feeds (section 6.3).',
      'Transfers from Türkiye use the KVKK standard contract (section 10.5).',
      'After the agreement ends, live data is deleted within 30 days instead of 60, and backups expire within a further 35 days (section 12).',
    ],
  },
  {
    version: '1.0',
    file: 'dpa/1.0.md',
    publishedAt: '2026-03-02',
    effectiveAt: '2026-03-02',
    changes: ['First version.'],
  },
]

export const privacyPolicy: DocumentVersion = {
  version: '1.0',
  file: 'privacy.md',
  publishedAt: '2026-03-02',
  effectiveAt: '2026-03-02',
  changes: ['First version.'],
}

export const disclosurePolicy = { file: 'disclosure.md' }

const day = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`)

/** The version in force at `now`, and a newer one already announced, if any. */
export function dpaInForce(now: Date): { current: DocumentVersion; upcoming?: DocumentVersion } {
  const inForce = dpaVersions.filter((v) => day(v.effectiveAt) <= now.getTime())
  const current = inForce[0] ?? dpaVersions[dpaVersions.length - 1]!
  const upcoming = dpaVersions.find((v) => day(v.effectiveAt) > now.getTime())
  return upcoming ? { current, upcoming } : { current }
}

export function findDpaVersion(version: string | null): DocumentVersion | undefined {
  return dpaVersions.find((v) => v.version === version)
}
