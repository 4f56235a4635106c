import type { IsoDate } from './types'

/**
 * Confidential documents a trust-center visitor may request under a
 * click-through NDA. A platform administrator approves each request; the
 * visitor then gets a download link that expires, and every download is a
 * PDF watermarked with the requester's identity (see
 * server/services/trust/gated-documents.ts). The markdown sources live in
 * trust/gated/ and are never served as they are.
 */
export type GatedDocument = {
  id: string
  title: string
  summary: string
  /** Markdown file, relative to trust/. */
  file: string
  publishedAt: IsoDate
}

export const gatedDocuments: GatedDocument[] = [
  {
    id: 'security-assessment-2026',
    title: 'Security assessment summary, 2026',
    summary:
      'Scope, method and outcome of our 2026 application security assessment: tenant isolation, authentication, session handling, audit-log integrity, with each finding and its fix.',
    file: 'gated/security-assessment-2026.md',
    publishedAt: '2026-11-16',
  },
  {
    id: 'security-architecture',
    title: 'Security architecture overview',
    summary:
      'How Hireproof separates tenants, authenticates and authorizes every request, protects data in transit and at rest, and makes its audit log tamper-evident.',
    file: 'gated/security-architecture.md',
    publishedAt: '2026-11-16',
  },
]

/** The NDA a visitor accepts; its exact text's SHA-256 is stored with each request. */
export const currentNda = { version: '1.0', file: 'nda/1.0.md', publishedAt: '2026-11-16' as IsoDate }

/** How long an approval's download link works. */
export const downloadLinkDays = 7

export const findGatedDocument = (id: string) => gatedDocuments.find((d) => d.id === id)
