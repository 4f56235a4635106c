import { describe, expect, it } from 'vitest'
import { aiIntro, aiSections } from '../../trust/ai'
import { certifications, overview, regions, sections } from '../../trust/company'
import { dpaVersions, privacyPolicy, disclosurePolicy } from '../../trust/documents'
import { faq, allFaqEntries } from '../../trust/faq'
import { blockLinks, isSafeHref, parseInline } from '../../trust/inline'
import { loadDocument } from '../../trust/markdown.server'
import type { Block } from '../../trust/types'

/** Every path a trust page may link to inside the site, with the anchors it is known to have. */
const faqIds = new Set(allFaqEntries().map(({ entry }) => entry.id))
const knownTargets: Record<string, Set<string> | null> = {
  '/trust': new Set(['capabilities', 'certifications', 'hosting', 'sections']),
  '/trust/faq': new Set([...faqIds, ...faq.categories.map((c) => `topic-${c.id}`)]),
  '/trust/ai': new Set(['engines', ...aiSections.map((s) => s.id)]),
  '/trust/subprocessors': null,
  '/trust/subprocessors.json': null,
  '/trust/subprocessors.atom': null,
  '/trust/dpa': null,
  '/trust/dpa/print': null,
  '/trust/privacy': null,
  '/trust/status': null,
  '/trust/disclosure': new Set(['response-times', 'acknowledgements']),
  '/trust/documents': new Set(['available', 'request']),
  '/.well-known/security.txt': null,
}

function brokenLinks(hrefs: string[]): string[] {
  return hrefs.filter((href) => {
    if (!isSafeHref(href)) return true
    if (!href.startsWith('/')) return false
    const [pathPart, fragment] = href.split('#') as [string, string | undefined]
    const anchors = knownTargets[pathPart.split('?')[0]!]
    if (anchors === undefined) return true
    return fragment !== undefined && anchors !== null && !anchors.has(fragment)
  })
}

const markdownLinks = (source: string) => [...source.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)

describe('FAQ content', () => {
  it('gives every answer a unique, stable id that no topic anchor reuses', () => {
    const ids = allFaqEntries().map(({ entry }) => entry.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    const topics = faq.categories.map((c) => `topic-${c.id}`)
    expect(new Set(topics).size).toBe(topics.length)
    for (const topic of topics) expect(faqIds.has(topic)).toBe(false)
  })

  it('covers every category a security review asks about', () => {
    expect(faq.categories.map((c) => c.id)).toEqual([
      'certifications',
      'hosting',
      'reliability',
      'access-controls',
      'encryption',
      'secure-development',
      'incident-response',
      'data-lifecycle',
      'subprocessors',
      'ai',
      'compliance',
      'contracting',
    ])
    for (const id of ['encryption-at-rest', 'gdpr', 'ccpa', 'kvkk', 'hipaa', 'pci-dss', 'dpa', 'sccs', 'liability', 'security-questionnaires']) {
      expect(faqIds.has(id), id).toBe(true)
    }
    for (const category of faq.categories) expect(category.entries.length, category.id).toBeGreaterThan(0)
  })

  it('writes questions as questions and answers as prose', () => {
    for (const { entry } of allFaqEntries()) {
      expect(entry.question, entry.id).toMatch(/\?$/)
      expect(entry.answer.length, entry.id).toBeGreaterThan(0)
    }
  })
})

describe('links in trust content', () => {
  it('point only at trust pages and anchors that exist, or at https: and mailto: addresses', () => {
    const blocks: Block[] = [
      ...overview.summary,
      ...aiIntro,
      ...aiSections.flatMap((s) => s.body),
      ...allFaqEntries().flatMap(({ entry }) => entry.answer),
      ...regions.map((r) => r.notes),
      ...certifications.map((c) => c.detail),
    ]
    expect(brokenLinks(blockLinks(blocks))).toEqual([])
    const documents = [...dpaVersions.map((v) => v.file), privacyPolicy.file, disclosurePolicy.file]
    for (const file of documents) expect(brokenLinks(markdownLinks(loadDocument(file).source)), file).toEqual([])
    expect(brokenLinks(sections.map((s) => s.href))).toEqual([])
  })

  it('renders unsafe link targets as plain text', () => {
    expect(parseInline('see [this](javascript:alert(1)) and [that](//evil.example)')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'text', text: 'this' },
      { kind: 'text', text: ') and ' },
      { kind: 'text', text: 'that' },
    ])
    expect(parseInline('[DPA](/trust/dpa)')).toEqual([{ kind: 'link', text: 'DPA', href: '/trust/dpa' }])
  })
})

describe('certifications', () => {
  it('claims no award without an auditor and a date', () => {
    for (const cert of certifications) {
      if (cert.status === 'awarded') {
        expect(cert.auditor.length, cert.id).toBeGreaterThan(2)
        expect(cert.awardedAt, cert.id).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }
    }
  })

  it('states SOC 2 Type II as in progress and ISO 27001 as planned', () => {
    expect(certifications.find((c) => c.id === 'soc-2-type-ii')?.status).toBe('in-progress')
    expect(certifications.find((c) => c.id === 'iso-27001')?.status).toBe('planned')
  })
})
