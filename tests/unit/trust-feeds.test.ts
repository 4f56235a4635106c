import { describe, expect, it } from 'vitest'
import { escapeXml, subprocessorsAtom, subprocessorsJson } from '../../trust/feeds'
import { publishedRegistry, subprocessorChanges, subprocessorView } from '../../trust/subprocessors'

const base = 'https://app.hireproof.example'
const now = new Date('2026-11-23T12:00:00Z')
const view = subprocessorView(publishedRegistry, now)

/** A small well-formedness check: balanced tags, quoted attributes, no stray `&` or `<`. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = []
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  for (const m of body.matchAll(tag)) {
    const between = body.slice(last, m.index)
    if (/<|&(?!(?:lt|gt|amp|apos|quot|#\d+);)/.test(between)) problems.push(`bad text before <${m[2]}>: ${between.slice(0, 40)}`)
    last = m.index! + m[0].length
    const [, closing, name, , selfClosing] = m
    if (selfClosing) continue
    if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`)
    } else stack.push(name!)
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`)
  if (body.slice(last).trim()) problems.push('text after the root element')
  return problems
}

describe('sub-processor feeds', () => {
  it('JSON lists current providers with every field and all changes', () => {
    const feed = subprocessorsJson(publishedRegistry, now, base)
    expect(feed.links.atom).toBe(`${base}/trust/subprocessors.atom`)
    expect(feed.subprocessors.map((s) => s.id)).toEqual(view.current.map((s) => s.id))
    for (const s of feed.subprocessors) {
      expect(Object.keys(s)).toEqual(['id', 'name', 'entity', 'purpose', 'dataShared', 'location', 'transferSafeguard', 'optional', 'since', 'website'])
    }
    expect(feed.changes).toHaveLength(subprocessorChanges.length)
    expect(feed.changes.find((c) => c.id === '2026-11-clerk-added')?.upcoming).toBe(true)
    expect(JSON.parse(JSON.stringify(feed))).toEqual(feed)
  })

  it('Atom is a well-formed Atom 1.0 feed with the required elements', () => {
    const xml = subprocessorsAtom(publishedRegistry, now, base)
    expect(xmlProblems(xml)).toEqual([])
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/)
    for (const required of ['<id>', '<title>', '<updated>', '<author>', `<link rel="self" type="application/atom+xml" href="${base}/trust/subprocessors.atom"/>`]) {
      expect(xml).toContain(required)
    }
    const entries = xml.split('<entry>').slice(1)
    expect(entries).toHaveLength(subprocessorChanges.length)
    const ids = entries.map((e) => /<id>([^<]+)<\/id>/.exec(e)![1])
    expect(new Set(ids).size).toBe(ids.length)
    for (const entry of entries) {
      expect(entry).toMatch(/<title>[^<]+<\/title>/)
      expect(entry).toMatch(/<updated>\d{4}-\d{2}-\d{2}T00:00:00Z<\/updated>/)
      expect(entry).toMatch(/<link rel="alternate" type="text\/html" href="https:\/\/app\.hireproof\.example\/trust\/subprocessors#change-[\w-]+"\/>/)
    }
    // Feed-level updated is the newest announcement.
    const newest = subprocessorChanges.map((c) => c.announcedAt).sort().at(-1)
    expect(xml).toContain(`  <updated>${newest}T00:00:00Z</updated>`)
  })

  it('escapes markup characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;')
    const xml = subprocessorsAtom(publishedRegistry, now, 'https://example.test/?a=1&b=<2>')
    expect(xmlProblems(xml)).toEqual([])
    expect(xml).toContain('https://example.test/?a=1&amp;b=&lt;2&gt;/trust/subprocessors.atom')
  })

  it('the well-formedness check itself catches broken XML', () => {
    expect(xmlProblems('<feed><entry></feed>')).not.toEqual([])
    expect(xmlProblems('<feed>a & b</feed>')).not.toEqual([])
  })
})
