import {
  noticeDays,
  subprocessorName,
  subprocessorView,
  type SubprocessorChange,
  type SubprocessorChangeType,
  type SubprocessorRegistry,
} from './subprocessors'
import type { IsoDate } from './types'

/**
 * Machine-readable forms of the sub-processor list, for vendor-management
 * tools and feed readers. Both are pure functions of the content and the
 * public base URL, so their ETags are stable between requests.
 */

const changeVerb: Record<SubprocessorChangeType, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' }

export const changeTitle = (registry: SubprocessorRegistry, change: SubprocessorChange) =>
  `${changeVerb[change.type]}: ${subprocessorName(registry, change.subprocessor)}`

const timestamp = (date: IsoDate) => `${date}T00:00:00Z`

/** Tag URIs (RFC 4151) keep entry ids stable whatever host serves the feed. */
const entryId = (change: SubprocessorChange) => `tag:hireproof.example,2026:subprocessor-change:${change.id}`

export function subprocessorsJson(registry: SubprocessorRegistry, now: Date, baseUrl: string) {
  const view = subprocessorView(registry, now)
  return {
    version: 1,
    revision: view.revision,
    noticeDays,
    links: {
      html: `${baseUrl}/trust/subprocessors`,
      atom: `${baseUrl}/trust/subprocessors.atom`,
      dpa: `${baseUrl}/trust/dpa`,
    },
    subprocessors: view.current.map((s) => ({
      id: s.id,
      name: s.name,
      entity: s.entity,
      purpose: s.purpose,
      dataShared: s.dataShared,
      location: s.location,
      transferSafeguard: s.safeguard,
      optional: s.optional,
      since: s.since,
      website: s.website,
    })),
    changes: view.changes.map((c) => ({
      id: c.id,
      subprocessor: c.subprocessor,
      name: subprocessorName(registry, c.subprocessor),
      type: c.type,
      summary: c.summary,
      announcedAt: c.announcedAt,
      effectiveAt: c.effectiveAt,
      upcoming: view.upcoming.includes(c),
    })),
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!)
}

/** An Atom 1.0 (RFC 4287) feed with one entry per announced change. */
export function subprocessorsAtom(registry: SubprocessorRegistry, now: Date, baseUrl: string): string {
  const view = subprocessorView(registry, now)
  const page = `${baseUrl}/trust/subprocessors`
  const updated = view.changes.reduce((latest, c) => (c.announcedAt > latest ? c.announcedAt : latest), view.revision)
  const entries = view.changes.map((change) =>
    [
      '  <entry>',
      `    <id>${escapeXml(entryId(change))}</id>`,
      `    <title>${escapeXml(changeTitle(registry, change))}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(`${page}#change-${change.id}`)}"/>`,
      `    <published>${timestamp(change.announcedAt)}</published>`,
      `    <updated>${timestamp(change.announcedAt)}</updated>`,
      `    <category term="${change.type}"/>`,
      `    <summary type="text">${escapeXml(`${change.summary} Takes effect on ${change.effectiveAt}.`)}</summary>`,
      '  </entry>',
    ].join('\n'),
  )
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <id>tag:hireproof.example,2026:subprocessor-changes</id>',
    '  <title>Hireproof sub-processor changes</title>',
    `  <subtitle>Changes to the companies that process customer data for Hireproof, announced at least ${noticeDays} days ahead.</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${baseUrl}/trust/subprocessors.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    `  <updated>${timestamp(updated)}</updated>`,
    '  <author><name>Hireproof Privacy</name><email>privacy@hireproof.example</email></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}
