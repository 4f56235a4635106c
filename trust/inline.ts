import type { Block, Inline } from './types'

/**
 * The one piece of inline markup trust content may use: `[label](target)`.
 * Parsing happens here, into typed pieces that React renders, so content is
 * never injected as HTML. Targets are limited to site paths, fragments,
 * https: and mailto: (anything else renders as plain text).
 */
export type InlinePiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const linkPattern = /\[([^\]\n]+)\]\(([^)\s]+)\)/g

export function isSafeHref(href: string): boolean {
  return /^(\/(?!\/)|#|https:\/\/|mailto:)/.test(href)
}

export function parseInline(source: Inline): InlinePiece[] {
  const pieces: InlinePiece[] = []
  let last = 0
  for (const match of source.matchAll(linkPattern)) {
    const [whole, label, href] = match as unknown as [string, string, string]
    const at = match.index ?? 0
    if (at > last) pieces.push({ kind: 'text', text: source.slice(last, at) })
    pieces.push(isSafeHref(href) ? { kind: 'link', text: label, href } : { kind: 'text', text: label })
    last = at + whole.length
  }
  if (last < source.length) pieces.push({ kind: 'text', text: source.slice(last) })
  return pieces
}

/** The words a reader sees (link labels without their targets). */
export function inlineText(source: Inline): string {
  return parseInline(source)
    .map((piece) => piece.text)
    .join('')
}

export function blocksText(blocks: readonly Block[]): string {
  return blocks.map((block) => (typeof block === 'string' ? inlineText(block) : block.list.map(inlineText).join('\n'))).join('\n')
}

/** Every link target in some blocks, for content checks. */
export function blockLinks(blocks: readonly Block[]): string[] {
  const sources = blocks.flatMap((block) => (typeof block === 'string' ? [block] : block.list))
  return sources.flatMap((source) => [...source.matchAll(linkPattern)].map((m) => m[2]!))
}
