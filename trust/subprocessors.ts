import type { IsoDate } from './types'

/**
 * Sub-processors and the announced changes to the list.
 *
 * A sub-processor is current from `since` (inclusive) until `until`
 * (exclusive). Every change is announced at least `noticeDays` before it takes
 * effect, and an `added` change takes effect on the provider's `since` date, a
 * `removed` change on its `until` date (tests/unit/trust-subprocessors.test.ts).
 */
export type Subprocessor = {
  id: string
  name: string
  entity: string
  purpose: string
  dataShared: string
  location: string
  safeguard: string
  /** Used only after an admin of the customer's organization turns the feature on. */
  optional: boolean
  since: IsoDate
  until?: IsoDate
  website: string
}

export type SubprocessorChangeType = 'added' | 'removed' | 'changed'

export type SubprocessorChange = {
  id: string
  subprocessor: string
  type: SubprocessorChangeType
  summary: string
  announcedAt: IsoDate
  effectiveAt: IsoDate
}

export const noticeDays = 30

export const subprocessorsRevision: IsoDate = '2026-11-16'

export const subprocessors: Subprocessor[] = [
  {
    id: 'aws',
    name: 'Amazon Web Services',
    entity: 'Amazon Web Services EMEA SARL; Amazon Web Services, Inc.',
    purpose: 'Hosting of the application, managed PostgreSQL database and backups',
    dataShared: 'All workspace data, stored and processed in the workspace’s region',
    location: 'Frankfurt, Germany (EU workspaces); N. Virginia, USA (US workspaces)',
    safeguard: 'EU SCCs; EU–US Data Privacy Framework',
    optional: false,
    since: '2026-03-02',
    website: 'https://aws.amazon.com',
  },
  {
    id: 'cloudflare-r2',
    name: 'Cloudflare R2',
    entity: 'Cloudflare, Inc.',
    purpose: 'Object storage for interview recordings, CVs and other uploaded files',
    dataShared: 'Uploaded files: recordings, CVs, attachments',
    location: 'EU jurisdiction (EU workspaces); United States (US workspaces)',
    safeguard: 'EU SCCs; EU–US Data Privacy Framework',
    optional: false,
    since: '2026-03-02',
    website: 'https://www.cloudflare.com',
  },
  {
    id: 'sendgrid',
    name: 'Twilio SendGrid',
    entity: 'Twilio Inc.',
    purpose: 'Transactional email',
    dataShared: 'Recipient name and email address, message content',
    location: 'United States',
    safeguard: 'EU SCCs',
    optional: false,
    since: '2026-03-02',
    until: '2026-06-05',
    website: 'https://sendgrid.com',
  },
  {
    id: 'mailgun',
    name: 'Mailgun',
    entity: 'Mailgun Technologies, Inc.',
    purpose: 'Transactional email: invitations, notifications and account messages',
    dataShared: 'Recipient name and email address, message content',
    location: 'Germany (EU workspaces); United States (US workspaces)',
    safeguard: 'EU SCCs',
    optional: false,
    since: '2026-06-05',
    website: 'https://www.mailgun.com',
  },
  {
    id: 'stripe',
    name: 'Stripe',
    entity: 'Stripe Payments Europe, Ltd.; Stripe, Inc.',
    purpose: 'Subscription billing and payment processing',
    dataShared: 'Billing contact name and email, company name, billing address, tax ID. Card details go to Stripe directly.',
    location: 'Ireland; United States',
    safeguard: 'EU SCCs; EU–US Data Privacy Framework',
    optional: false,
    since: '2026-03-02',
    website: 'https://stripe.com',
  },
  {
    id: 'posthog',
    name: 'PostHog',
    entity: 'PostHog, Inc.',
    purpose: 'Product analytics for signed-in workspace members, only after they consent',
    dataShared: 'Pseudonymous member and workspace IDs, pages and features used. Never candidate data or interview content.',
    location: 'Frankfurt, Germany (PostHog EU Cloud)',
    safeguard: 'Processing in the EU; EU SCCs for remote support access',
    optional: false,
    since: '2026-03-02',
    website: 'https://posthog.com',
  },
  {
    id: 'openai',
    name: 'OpenAI',
    entity: 'OpenAI, L.L.C.',
    purpose: 'Optional: AI interview analysis and speech-to-text (Whisper), only when an admin enables them',
    dataShared: 'Interview audio (speech-to-text); transcript text, job description and rubric (analysis)',
    location: 'United States',
    safeguard: 'EU SCCs; no training on API data; zero data retention where offered',
    optional: true,
    since: '2026-09-07',
    website: 'https://openai.com',
  },
  {
    id: 'assemblyai',
    name: 'AssemblyAI',
    entity: 'AssemblyAI, Inc.',
    purpose: 'Optional: speech-to-text with speaker labels, only when an admin enables it',
    dataShared: 'Interview audio',
    location: 'United States',
    safeguard: 'EU SCCs; no training on customer audio',
    optional: true,
    since: '2026-09-07',
    website: 'https://www.assemblyai.com',
  },
  {
    id: 'clerk',
    name: 'Clerk',
    entity: 'Clerk, Inc.',
    purpose: 'Optional: hosted sign-in and user management for organizations that choose it',
    dataShared: 'Member name and email address, sign-in events, IP address and browser details',
    location: 'United States',
    safeguard: 'EU SCCs',
    optional: true,
    since: '2026-12-17',
    website: 'https://clerk.com',
  },
]

export const subprocessorChanges: SubprocessorChange[] = [
  {
    id: '2026-11-clerk-added',
    subprocessor: 'clerk',
    type: 'added',
    summary: 'Clerk is added for organizations that choose hosted sign-in. Organizations using built-in accounts are not affected.',
    announcedAt: '2026-11-16',
    effectiveAt: '2026-12-17',
  },
  {
    id: '2026-08-openai-added',
    subprocessor: 'openai',
    type: 'added',
    summary: 'OpenAI is added for optional AI analysis and speech-to-text. Nothing is sent until an admin enables these features.',
    announcedAt: '2026-08-03',
    effectiveAt: '2026-09-07',
  },
  {
    id: '2026-08-assemblyai-added',
    subprocessor: 'assemblyai',
    type: 'added',
    summary: 'AssemblyAI is added for optional speech-to-text with speaker labels. Nothing is sent until an admin enables it.',
    announcedAt: '2026-08-03',
    effectiveAt: '2026-09-07',
  },
  {
    id: '2026-06-posthog-eu',
    subprocessor: 'posthog',
    type: 'changed',
    summary: 'Product analytics moves from PostHog US Cloud to PostHog EU Cloud in Frankfurt. Analytics data no longer leaves the EU.',
    announcedAt: '2026-06-15',
    effectiveAt: '2026-07-20',
  },
  {
    id: '2026-05-mailgun-added',
    subprocessor: 'mailgun',
    type: 'added',
    summary: 'Mailgun replaces Twilio SendGrid for transactional email, with sending from its EU region for EU workspaces.',
    announcedAt: '2026-05-04',
    effectiveAt: '2026-06-05',
  },
  {
    id: '2026-05-sendgrid-removed',
    subprocessor: 'sendgrid',
    type: 'removed',
    summary: 'Twilio SendGrid stops processing data for us once email has moved to Mailgun.',
    announcedAt: '2026-05-04',
    effectiveAt: '2026-06-05',
  },
]

/** A date as midnight UTC, so comparisons do not depend on the server's time zone. */
export const utcDay = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`)

/** The fields a `changed` announcement may update, from its effective date. */
export const revisableFields = ['entity', 'purpose', 'dataShared', 'location', 'safeguard'] as const
export type RevisableField = (typeof revisableFields)[number]

/**
 * The whole list: the published content above plus the changes announced
 * from the platform console since (server/services/trust/subprocessor-registry.ts).
 * Everything that shows or sends the list takes one of these.
 */
export type SubprocessorRegistry = {
  subprocessors: Subprocessor[]
  changes: SubprocessorChange[]
  /** Field updates that apply from a date, from `changed` announcements. */
  revisions: { subprocessor: string; from: IsoDate; fields: Partial<Pick<Subprocessor, RevisableField>> }[]
  revision: IsoDate
}

export const publishedRegistry: SubprocessorRegistry = {
  subprocessors,
  changes: subprocessorChanges,
  revisions: [],
  revision: subprocessorsRevision,
}

/** An announcement as stored (SubprocessorAnnouncement), before it joins the registry. */
export type StoredAnnouncement = {
  id: string
  type: SubprocessorChangeType
  subprocessorKey: string
  summary: string
  details: unknown
  announcedAt: IsoDate
  effectiveAt: IsoDate
}

/**
 * Adds stored announcements to a registry: an `added` one brings its
 * provider (current from the effective date), a `removed` one ends its
 * provider on that date, a `changed` one updates the given fields from then.
 */
export function withAnnouncements(base: SubprocessorRegistry, announcements: StoredAnnouncement[]): SubprocessorRegistry {
  const subprocessors = base.subprocessors.map((s) => ({ ...s }))
  const changes = [...base.changes]
  const revisions = [...base.revisions]
  let revision = base.revision
  for (const a of [...announcements].sort((x, y) => x.announcedAt.localeCompare(y.announcedAt) || x.id.localeCompare(y.id))) {
    const details = (a.details ?? {}) as Record<string, unknown>
    if (a.type === 'added') {
      subprocessors.push({ ...(details as Omit<Subprocessor, 'id' | 'since'>), id: a.subprocessorKey, since: a.effectiveAt })
    } else {
      const target = subprocessors.find((s) => s.id === a.subprocessorKey)
      if (!target) continue // validated on announcement; never drop the change itself below
      if (a.type === 'removed') target.until = a.effectiveAt
      else revisions.push({ subprocessor: target.id, from: a.effectiveAt, fields: pickRevisable(details) })
    }
    changes.push({ id: a.id, subprocessor: a.subprocessorKey, type: a.type, summary: a.summary, announcedAt: a.announcedAt, effectiveAt: a.effectiveAt })
    if (a.announcedAt > revision) revision = a.announcedAt
  }
  return { subprocessors, changes, revisions, revision }
}

function pickRevisable(details: Record<string, unknown>): Partial<Pick<Subprocessor, RevisableField>> {
  const fields: Partial<Pick<Subprocessor, RevisableField>> = {}
  for (const field of revisableFields) if (typeof details[field] === 'string' && details[field]) fields[field] = details[field]
  return fields
}

export function isCurrent(subprocessor: Subprocessor, now: Date): boolean {
  const t = now.getTime()
  return utcDay(subprocessor.since) <= t && (subprocessor.until === undefined || t < utcDay(subprocessor.until))
}

/** A provider as it stands at `now`, with the field updates already in effect. */
function asOf(registry: SubprocessorRegistry, subprocessor: Subprocessor, now: Date): Subprocessor {
  const applied = registry.revisions
    .filter((r) => r.subprocessor === subprocessor.id && utcDay(r.from) <= now.getTime())
    .sort((x, y) => x.from.localeCompare(y.from))
  return applied.reduce<Subprocessor>((s, r) => ({ ...s, ...r.fields }), subprocessor)
}

/** Who processes data today, who has been announced, and the change history, newest first. */
export function subprocessorView(registry: SubprocessorRegistry, now: Date) {
  const current = registry.subprocessors.filter((s) => isCurrent(s, now)).map((s) => asOf(registry, s, now))
  const upcoming = registry.changes
    .filter((c) => utcDay(c.effectiveAt) > now.getTime())
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt))
  return { current, upcoming, changes: changesNewestFirst(registry), revision: registry.revision }
}

export function changesNewestFirst(registry: SubprocessorRegistry): SubprocessorChange[] {
  return [...registry.changes].sort(
    (a, b) => b.announcedAt.localeCompare(a.announcedAt) || b.effectiveAt.localeCompare(a.effectiveAt) || a.id.localeCompare(b.id),
  )
}

export function subprocessorName(registry: SubprocessorRegistry, id: string): string {
  return registry.subprocessors.find((s) => s.id === id)?.name ?? id
}

export const daysBetween = (from: IsoDate, to: IsoDate) => Math.round((utcDay(to) - utcDay(from)) / 86_400_000)
