import { Marked, type Tokens } from 'marked'
import { escapeXml } from './feeds'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Markdown documents (DPA versions, privacy policy, disclosure policy) live in
 * trust/ next to the data and are read from disk at run time, relative to the
 * working directory the server starts in (the repository root). They are our
 * own content, yet raw HTML inside them is escaped anyway: the only markup on
 * a trust page is what this renderer produces.
 */
export type Heading = { id: string; text: string; depth: number }
export type RenderedDocument = { source: string; html: string; headings: Heading[] }


export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  )
}

export function renderMarkdown(source: string): Omit<RenderedDocument, 'source'> {
  const headings: Heading[] = []
  const used = new Set<string>()
  let lastHeading = ''
  const marked = new Marked({ gfm: true, async: false })
  marked.use({
    renderer: {
      heading(token) {
        let id = slugify(token.text)
        for (let n = 2; used.has(id); n++) id = `${slugify(token.text)}-${n}`
        used.add(id)
        const text = token.text.replace(/\*\*|__|`/g, '')
        headings.push({ id, text, depth: token.depth })
        lastHeading = text
        // Documents sit under the page's h1, so their top level (##) stays h2.
        const level = Math.max(2, token.depth)
        return `<h${level} id="${id}">${this.parser.parseInline(token.tokens)}</h${level}>\n`
      },
      html(token) {
        return escapeXml(token.text)
      },
      table(token) {
        const cell = (c: Tokens.TableCell, header: boolean) =>
          header ? `<th scope="col">${this.parser.parseInline(c.tokens)}</th>` : `<td>${this.parser.parseInline(c.tokens)}</td>`
        const head = `<tr>${token.header.map((c) => cell(c, true)).join('')}</tr>`
        const body = token.rows.map((row) => `<tr>${row.map((c) => cell(c, false)).join('')}</tr>`).join('\n')
        const label = escapeXml(lastHeading || 'Table')
        // A focusable, labelled scroll container keeps wide tables usable by keyboard on small screens.
        return `<div class="table-scroll" role="region" aria-label="${label} (table)" tabindex="0"><table><caption>${label}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>\n`
      },
    },
  })
  const html = marked.parse(source, { async: false })
  return { html, headings }
}

const cache = new Map<string, RenderedDocument>()

/** A markdown file under trust/, rendered once per process (content only changes with a deploy). */
export function loadDocument(file: string): RenderedDocument {
  let doc = cache.get(file)
  if (!doc) {
    const contentRoot = path.resolve(process.cwd(), 'trust')
    const full = path.resolve(contentRoot, file)
    if (!full.startsWith(contentRoot + path.sep)) throw new Error(`Document outside trust/: ${file}`)
    const source = fs.readFileSync(full, 'utf8')
    doc = { source, ...renderMarkdown(source) }
    cache.set(file, doc)
  }
  return doc
}
