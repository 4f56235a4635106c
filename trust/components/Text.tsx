import { Fragment } from 'react'
import { parseInline } from '../inline'
import { highlight } from '../search'
import type { Block, Inline, IsoDate } from '../types'

/**
 * Renders trust content as React elements: inline links become <a>, search
 * matches become <mark>. Nothing here uses dangerouslySetInnerHTML, so text
 * from content or from a query string is always escaped by React.
 */
export function Highlighted({ text, terms }: { text: string; terms?: readonly string[] }) {
  if (!terms || terms.length === 0) return <>{text}</>
  return (
    <>
      {highlight(text, terms).map((segment, i) =>
        segment.match ? <mark key={i}>{segment.text}</mark> : <Fragment key={i}>{segment.text}</Fragment>,
      )}
    </>
  )
}

export function InlineText({ text, terms }: { text: Inline; terms?: readonly string[] }) {
  return (
    <>
      {parseInline(text).map((piece, i) =>
        piece.kind === 'link' ? (
          <a key={i} href={piece.href}>
            <Highlighted text={piece.text} terms={terms} />
          </a>
        ) : (
          <Highlighted key={i} text={piece.text} terms={terms} />
        ),
      )}
    </>
  )
}

export function Blocks({ blocks, terms }: { blocks: readonly Block[]; terms?: readonly string[] }) {
  return (
    <>
      {blocks.map((block, i) =>
        typeof block === 'string' ? (
          <p key={i}>
            <InlineText text={block} terms={terms} />
          </p>
        ) : (
          <ul key={i}>
            {block.list.map((item, j) => (
              <li key={j}>
                <InlineText text={item} terms={terms} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  )
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** `2026-11-20` as "20 November 2026", independent of the server's locale and time zone. */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${months[(m ?? 1) - 1]} ${y}`
}

export function DateText({ date }: { date: IsoDate }) {
  return <time dateTime={date}>{formatDate(date)}</time>
}

/** Markdown rendered on the server by trust/markdown.server.ts from our own files. */
export function Prose({ html, className }: { html: string; className?: string }) {
  return <div className={className ? `prose ${className}` : 'prose'} dangerouslySetInnerHTML={{ __html: html }} />
}

export function PageIntro({ title, lede, revision }: { title: string; lede?: string; revision?: IsoDate }) {
  return (
    <div className="trust-intro">
      <h1>{title}</h1>
      {lede ? <p className="trust-lede">{lede}</p> : null}
      {revision ? (
        <p className="trust-meta">
          Last reviewed <DateText date={revision} />
        </p>
      ) : null}
    </div>
  )
}
