import { describe, expect, it } from 'vitest'
import { dpaInForce, dpaVersions, findDpaVersion, privacyPolicy } from '../../trust/documents'
import { daysBetween } from '../../trust/subprocessors'
import { loadDocument, renderMarkdown, slugify } from '../../trust/markdown.server'

describe('versioned documents', () => {
  it('keeps at least two DPA versions, newest first, each announced 30 days ahead', () => {
    expect(dpaVersions.length).toBeGreaterThanOrEqual(2)
    const versions = dpaVersions.map((v) => v.version)
    expect(new Set(versions).size).toBe(versions.length)
    for (let i = 0; i < dpaVersions.length - 1; i++) {
      const newer = dpaVersions[i]!
      const older = dpaVersions[i + 1]!
      expect(newer.effectiveAt > older.effectiveAt, newer.version).toBe(true)
      expect(daysBetween(newer.publishedAt, newer.effectiveAt), newer.version).toBeGreaterThanOrEqual(30)
      expect(newer.changes.length, newer.version).toBeGreaterThan(0)
    }
  })

  it('has a readable markdown file with numbered sections for every version', () => {
    for (const v of [...dpaVersions, privacyPolicy]) {
      const doc = loadDocument(v.file)
      expect(doc.html.length, v.file).toBeGreaterThan(2000)
      expect(doc.headings.length, v.file).toBeGreaterThan(5)
    }
    const current = loadDocument(findDpaVersion('1.1')!.file)
    expect(current.source).toMatch(/within 48 hours/)
    expect(loadDocument(findDpaVersion('1.0')!.file).source).toMatch(/within 72 hours/)
  })

  it('picks the version in force and announces an upcoming one', () => {
    expect(dpaInForce(new Date('2026-11-23T00:00:00Z'))).toEqual({ current: findDpaVersion('1.1') })
    expect(dpaInForce(new Date('2026-09-10T00:00:00Z'))).toEqual({ current: findDpaVersion('1.0'), upcoming: findDpaVersion('1.1') })
    expect(findDpaVersion('9.9')).toBeUndefined()
    expect(findDpaVersion(null)).toBeUndefined()
  })
})

describe('markdown rendering', () => {
  it('gives headings stable ids and collects them', () => {
    const { html, headings } = renderMarkdown('## 1. Définitions\n\ntext\n\n## 1. Définitions\n')
    expect(headings.map((h) => h.id)).toEqual(['1-definitions', '1-definitions-2'])
    expect(html).toContain('<h2 id="1-definitions">1. Définitions</h2>')
    expect(slugify('Annex 2: Technical and organisational measures')).toBe('annex-2-technical-and-organisational-measures')
  })

  it('escapes raw HTML and gives tables a caption and column headers', () => {
    const { html } = renderMarkdown('## Retention\n\n<script>alert(1)</script>\n\n| Data | Kept |\n| --- | --- |\n| Logs | 12 months |\n')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('<caption>Retention</caption>')
    expect(html).toContain('<th scope="col">Data</th>')
  })
})
