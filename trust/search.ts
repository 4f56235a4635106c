import { blocksText, inlineText } from './inline'
import type { FaqCategory, FaqEntry } from './faq'

/**
 * Server-side FAQ search for the no-JavaScript form (`/trust/faq?q=`).
 * Matching ignores case and accents; every word of the query must occur
 * somewhere in an entry (question, answer, category or keywords). Highlights
 * come back as typed segments that React renders as <mark>, so the query is
 * never turned into markup.
 */
export const maxQueryLength = 120
const maxTerms = 8

export type Query = { text: string; terms: string[] }
export type Segment = { text: string; match: boolean }

/** Lower-case, accent-free form of one character (may be empty or several characters). */
const fold = (ch: string) =>
  ch
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()

export function normalize(text: string): string {
  return [...text].map(fold).join('')
}

export function parseQuery(raw: string | null | undefined): Query {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim().slice(0, maxQueryLength)
  const words = normalize(text)
    .split(/[^\p{L}\p{N}@.+-]+/u)
    .map((w) => w.replace(/^[.+-]+|[.+-]+$/g, ''))
    .filter((w) => w.length >= 2)
  return { text, terms: [...new Set(words)].slice(0, maxTerms) }
}

/** Splits `text` into plain and matching runs for the given (already normalised) terms. */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  if (!text) return []
  if (terms.length === 0) return [{ text, match: false }]
  // Fold character by character, remembering where each folded character came from.
  let folded = ''
  const origin: number[] = []
  let index = 0
  for (const ch of text) {
    const f = fold(ch)
    for (let i = 0; i < f.length; i++) origin.push(index)
    folded += f
    index += ch.length
  }
  const ranges: [number, number][] = []
  for (const term of terms) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + 1)) {
      const start = origin[at]!
      const lastOrigin = origin[at + term.length - 1]!
      let end = lastOrigin + (text.codePointAt(lastOrigin)! > 0xffff ? 2 : 1)
      // Keep combining accents with the letter they belong to.
      while (end < text.length && /\p{M}/u.test(text[end]!)) end++
      ranges.push([start, end])
    }
  }
  if (ranges.length === 0) return [{ text, match: false }]
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const range of ranges) {
    const last = merged[merged.length - 1]
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  const segments: Segment[] = []
  let cursor = 0
  for (const [start, end] of merged) {
    if (start > cursor) segments.push({ text: text.slice(cursor, start), match: false })
    segments.push({ text: text.slice(start, end), match: true })
    cursor = end
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), match: false })
  return segments
}

function haystack(category: FaqCategory, entry: FaqEntry): string {
  return normalize([category.title, inlineText(entry.question), blocksText(entry.answer), ...(entry.keywords ?? [])].join('\n'))
}

const index = new WeakMap<FaqEntry, string>()

export function matchesEntry(category: FaqCategory, entry: FaqEntry, query: Query): boolean {
  if (query.terms.length === 0) return true
  let text = index.get(entry)
  if (text === undefined) {
    text = haystack(category, entry)
    index.set(entry, text)
  }
  return query.terms.every((term) => text.includes(term))
}

/** The categories and entries that match, in their usual order; empty categories are dropped. */
export function searchFaq(categories: readonly FaqCategory[], query: Query): { results: FaqCategory[]; count: number } {
  const results = categories
    .map((category) => ({ ...category, entries: category.entries.filter((entry) => matchesEntry(category, entry, query)) }))
    .filter((category) => category.entries.length > 0)
  return { results, count: results.reduce((n, c) => n + c.entries.length, 0) }
}
