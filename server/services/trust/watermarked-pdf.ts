import { Marked, type Token, type Tokens } from 'marked'
import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib'

/**
 * Renders one of our markdown documents as an A4 PDF that names its
 * recipient on every page: a faint diagonal mark across the text and a
 * footer line, plus the document's metadata. Covers the markdown our gated
 * documents use: headings, paragraphs, lists and tables.
 */
export type Watermark = { text: string }

const page = { width: 595.28, height: 841.89, margin: 56 }
const body = { size: 10.5, leading: 15 }
const headingSize: Record<number, number> = { 1: 18, 2: 13.5, 3: 11.5 }

export async function renderWatermarkedPdf(input: { title: string; markdown: string; watermark: Watermark; createdAt: Date }) {
  const pdf = await PDFDocument.create()
  pdf.setTitle(input.title)
  pdf.setAuthor('Hireproof')
  pdf.setSubject(`Confidential. ${input.watermark.text}`)
  pdf.setKeywords(['confidential', input.watermark.text])
  pdf.setCreator('Hireproof trust center')
  pdf.setProducer('Hireproof')
  pdf.setCreationDate(input.createdAt)
  pdf.setModificationDate(input.createdAt)

  const regular = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  const writer = new PageWriter(pdf, regular, bold)
  for (const token of new Marked({ gfm: true }).lexer(input.markdown)) writer.block(token)

  const pages = pdf.getPages()
  pages.forEach((p, index) => stamp(p, regular, input.watermark.text, `${index + 1} / ${pages.length}`))
  return Buffer.from(await pdf.save())
}

function stamp(target: PDFPage, font: PDFFont, text: string, pageLabel: string) {
  const mark = encodable(font, `CONFIDENTIAL · ${text}`)
  const size = 13
  const width = font.widthOfTextAtSize(mark, size)
  // Centred on the page, along the diagonal.
  const angle = Math.atan2(page.height, page.width)
  target.drawText(mark, {
    x: page.width / 2 - (Math.cos(angle) * width) / 2,
    y: page.height / 2 - (Math.sin(angle) * width) / 2,
    size,
    font,
    rotate: degrees((angle * 180) / Math.PI),
    color: rgb(0.75, 0.1, 0.1),
    opacity: 0.18,
  })
  const footerSize = 7.5
  const footer = wrap(font, encodable(font, `Confidential. ${text}`), footerSize, page.width - 2 * page.margin - 40)
  footer.forEach((line, index) => {
    target.drawText(line, {
      x: page.margin,
      y: page.margin / 2 + (footer.length - 1 - index) * 9,
      size: footerSize,
      font,
      color: rgb(0.35, 0.35, 0.35),
    })
  })
  target.drawText(pageLabel, {
    x: page.width - page.margin - font.widthOfTextAtSize(pageLabel, footerSize),
    y: page.margin / 2,
    size: footerSize,
    font,
    color: rgb(0.35, 0.35, 0.35),
  })
}

class PageWriter {
  private current: PDFPage
  private y: number

  constructor(
    private readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.current = pdf.addPage([page.width, page.height])
    this.y = page.height - page.margin
  }

  block(token: Token) {
    switch (token.type) {
      case 'heading': {
        const size = headingSize[token.depth] ?? body.size
        this.gap(token.depth === 1 ? 0 : 8)
        this.paragraph(plain(token.text), { font: this.bold, size, leading: size * 1.35 })
        this.gap(4)
        return
      }
      case 'paragraph':
        this.paragraph(plain(token.text))
        this.gap(6)
        return
      case 'list':
        ;(token as Tokens.List).items.forEach((item, index) => {
          const bullet = (token as Tokens.List).ordered ? `${index + 1}.` : '•'
          this.paragraph(plain(item.text), { indent: 14, bullet })
          this.gap(2)
        })
        this.gap(4)
        return
      case 'table': {
        const table = token as Tokens.Table
        const header = table.header.map((c) => plain(c.text))
        for (const row of table.rows) {
          const cells = row.map((c, i) => `${header[i]}: ${plain(c.text)}`)
          this.paragraph(cells[0]!, { font: this.bold })
          for (const cell of cells.slice(1)) this.paragraph(cell, { indent: 14 })
          this.gap(6)
        }
        return
      }
      case 'space':
        return
      default:
        if ('text' in token && typeof token.text === 'string') this.paragraph(plain(token.text))
    }
  }

  private paragraph(text: string, options: { font?: PDFFont; size?: number; leading?: number; indent?: number; bullet?: string } = {}) {
    const font = options.font ?? this.regular
    const size = options.size ?? body.size
    const leading = options.leading ?? body.leading
    const indent = options.indent ?? 0
    const width = page.width - 2 * page.margin - indent
    const lines = wrap(font, encodable(font, text), size, width)
    lines.forEach((line, index) => {
      this.ensureRoom(leading)
      if (index === 0 && options.bullet) {
        this.current.drawText(options.bullet, { x: page.margin + indent - 12, y: this.y, size, font })
      }
      this.current.drawText(line, { x: page.margin + indent, y: this.y, size, font, color: rgb(0.1, 0.1, 0.12) })
      this.y -= leading
    })
  }

  private gap(points: number) {
    this.y -= points
  }

  private ensureRoom(leading: number) {
    if (this.y - leading >= page.margin) return
    this.current = this.pdf.addPage([page.width, page.height])
    this.y = page.height - page.margin
  }
}

/** Markdown inline syntax removed: the PDF has one weight per block. */
function plain(text: string) {
  return text
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The standard PDF fonts cover WinAnsi only; anything else becomes '?'. */
function encodable(font: PDFFont, text: string) {
  const supported = new Set(font.getCharacterSet())
  return [...text].map((ch) => (supported.has(ch.codePointAt(0)!) ? ch : '?')).join('')
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  return lines
}
