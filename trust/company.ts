import type { Inline, IsoDate } from './types'

/** Who answers which kind of question. Addresses appear on many pages and in security.txt. */
export const contacts = {
  security: 'security@hireproof.example',
  privacy: 'privacy@hireproof.example',
  legal: 'legal@hireproof.example',
} as const

export const overview = {
  revision: '2026-11-20' satisfies IsoDate,
  summary: [
    'Hireproof is interview intelligence for recruiting teams. Recruiters run jobs, candidates and interviews; recordings become transcripts with speakers; an analysis against the job description scores each competency and quotes the transcript as evidence. People write scorecards and make every hiring decision.',
    'This trust center is written for procurement, security and privacy reviewers. Everything here is public, needs no account, and states what exists today separately from what is on our roadmap.',
  ] satisfies Inline[],
}

export type Region = {
  id: 'eu' | 'us'
  name: string
  /** Where the application, database and backups run. */
  compute: string
  /** Where uploaded files (recordings, CVs) are stored. */
  files: string
  notes: Inline
}

/** Each workspace lives in one region, chosen when it is created. */
export const regions: Region[] = [
  {
    id: 'eu',
    name: 'European Union',
    compute: 'Amazon Web Services, Frankfurt, Germany (eu-central-1)',
    files: 'Cloudflare R2 with the EU jurisdiction restriction',
    notes: 'Database, backups and files stay in the EU. Optional AI providers that process outside the EU are marked on the [sub-processor list](/trust/subprocessors).',
  },
  {
    id: 'us',
    name: 'United States',
    compute: 'Amazon Web Services, N. Virginia, USA (us-east-1)',
    files: 'Cloudflare R2, United States',
    notes: 'Database, backups and files stay in the United States.',
  },
]

export type CertificationStatus = 'awarded' | 'in-progress' | 'planned' | 'not-applicable'

type CertificationBase = { id: string; name: string; detail: Inline }

/**
 * Certifications and attestations. An awarded entry must say who audited and
 * when; nothing is listed as awarded without that (checked by a unit test).
 */
export type Certification = CertificationBase &
  (
    | { status: 'awarded'; awardedAt: IsoDate; auditor: string }
    | { status: 'in-progress' | 'planned' | 'not-applicable' }
  )

export const certifications: Certification[] = [
  {
    id: 'soc-2-type-ii',
    name: 'SOC 2 Type II',
    status: 'in-progress',
    detail:
      'Readiness work is under way: our controls are mapped to the Trust Services Criteria for security, availability and confidentiality. The Type II observation period follows readiness; the report will be shared under NDA once it is issued. We hold no SOC 2 report today.',
  },
  {
    id: 'iso-27001',
    name: 'ISO/IEC 27001:2022',
    status: 'planned',
    detail: 'Planned after SOC 2 Type II. We are not ISO 27001 certified today.',
  },
  {
    id: 'penetration-test',
    name: 'Independent penetration test',
    status: 'planned',
    detail:
      'An external test of the application is planned before general availability and yearly after that. A summary letter will be available on request. The summary of our internal 2026 assessment is available under NDA on the Documents page.',
  },
  {
    id: 'pci-dss',
    name: 'PCI DSS',
    status: 'not-applicable',
    detail:
      'Card details are entered on pages served by Stripe and never reach our servers. Stripe is certified as a PCI DSS Level 1 service provider.',
  },
  {
    id: 'hipaa',
    name: 'HIPAA',
    status: 'not-applicable',
    detail:
      'Hireproof is not a covered entity or business associate product and does not sign business associate agreements. See the [FAQ](/trust/faq#hipaa).',
  },
]

export const certificationStatusLabel: Record<CertificationStatus, string> = {
  awarded: 'Awarded',
  'in-progress': 'In progress',
  planned: 'Planned',
  'not-applicable': 'Not applicable',
}

/** The sections of the trust center, in navigation order. */
export const sections = [
  { href: '/trust', label: 'Overview', description: 'What Hireproof is, certifications, hosting and verified capabilities.' },
  { href: '/trust/faq', label: 'Security FAQ', description: 'Answers to the questions security questionnaires ask, searchable.' },
  { href: '/trust/subprocessors', label: 'Sub-processors', description: 'Who processes data for us, where, and announced changes.' },
  { href: '/trust/dpa', label: 'DPA', description: 'The Data Processing Addendum, every version, printable.' },
  { href: '/trust/ai', label: 'AI use', description: 'Which models do what, and the rules our AI features follow.' },
  { href: '/trust/privacy', label: 'Privacy', description: 'Our privacy policy for customers, candidates and visitors.' },
  { href: '/trust/documents', label: 'Documents', description: 'Confidential security documents, available under NDA on request.' },
  { href: '/trust/status', label: 'Status', description: 'Incident notes and uptime history.' },
  { href: '/trust/disclosure', label: 'Disclosure', description: 'How to report a vulnerability to us, and what we promise in return.' },
] as const
