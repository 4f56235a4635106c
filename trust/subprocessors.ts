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

export function isCurrent(subprocessor: Subprocessor, now: Date): boolean {
  const t = now.getTime()
  return utcDay(subprocessor.since) <= t && (subprocessor.until === undefined || t < utcDay(subprocessor.until))
}

/** Who processes data today, who has been announced, and the change history, newest first. */
export function subprocessorView(now: Date) {
  const current = subprocessors.filter((s) => isCurrent(s, now))
  const upcoming = subprocessorChanges
    .filter((c) => utcDay(c.effectiveAt) > now.getTime())
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt))
  return { current, upcoming, changes: changesNewestFirst() }
}

export function changesNewestFirst(): SubprocessorChange[] {
  return [...subprocessorChanges].sort(
    (a, b) => b.announcedAt.localeCompare(a.announcedAt) || b.effectiveAt.localeCompare(a.effectiveAt) || a.id.localeCompare(b.id),
  )
}

export function subprocessorName(id: string): string {
  return subprocessors.find((s) => s.id === id)?.name ?? id
}

export const daysBetween = (from: IsoDate, to: IsoDate) => Math.round((utcDay(to) - utcDay(from)) / 86_400_000)
