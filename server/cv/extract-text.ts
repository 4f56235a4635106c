/**
 * Text extraction from an uploaded CV: PDF through pdfjs (text layer only, no rendering, no OCR) and DOCX through a small
 * ZIP reader that inflates only word/document.xml. The bytes are hostile until proven otherwise: pages, characters,
 * decompressed size, ZIP entries and (for PDF) time are capped, and every failure is a CvExtractionError whose message can
 * be shown to the person who uploaded the file. Decisions are summarised in README.md next to this file.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { inflateRawSync } from 'node:zlib'

export type CvFileKind = 'pdf' | 'docx'
export type CvExtractOptions = {
  /** PDF pages read, from the first; later pages are ignored (default 30). */
  maxPages?: number
  /** Characters kept, from the start (default 200,000). */
  maxChars?: number
  /** Wall-clock budget for a PDF (default 15 s). pdfjs runs on this thread, so one pathological step can overrun it. */
  timeoutMs?: number
}
/** `pages` is the PDF's page count (absent for DOCX); `truncated` says a page or character cap cut the text. */
export type CvText = { text: string; pages?: number; truncated: boolean }

export const maxCvBytes = 20 * 1024 * 1024
export const defaultMaxPages = 30
export const defaultMaxChars = 200_000
export const defaultPdfTimeoutMs = 15_000
/** Zip-bomb guard: word/document.xml may not inflate beyond this, whatever its header claims. */
export const maxDocxXmlBytes = 20 * 1024 * 1024
/** A real DOCX has a few dozen entries; thousands mean a hostile or broken archive. */
export const maxZipEntries = 2000

/** The message is user-facing; `cause` keeps the underlying error for logs. */
export class CvExtractionError extends Error {
  override name = 'CvExtractionError'
}

const messages = {
  tooLarge: `This file is larger than ${maxCvBytes / 1024 / 1024} MB`,
  pdfPassword: 'This PDF is password-protected',
  pdfUnreadable: 'This PDF could not be read',
  pdfTooSlow: 'This PDF took too long to read',
  docxUnreadable: 'This document could not be read',
  docxNotWord: 'This file is not a Word document (.docx)',
  docxLegacy: 'This document is password-protected or in the old .doc format; please upload an unprotected .docx or a PDF',
  docxPassword: 'This document is password-protected',
  docxTooLarge: 'This document is too large to read',
  docxDoctype: 'This document could not be read: it contains an XML DOCTYPE declaration',
}

export async function extractCvText(bytes: Uint8Array, kind: CvFileKind, options: CvExtractOptions = {}): Promise<CvText> {
  const maxChars = positive(options.maxChars, defaultMaxChars)
  if (!(bytes instanceof Uint8Array)) throw new CvExtractionError('No file was received')
  if (bytes.byteLength > maxCvBytes) throw new CvExtractionError(messages.tooLarge)
  if (kind === 'pdf') {
    const timeoutMs = options.timeoutMs === undefined ? defaultPdfTimeoutMs : Math.max(0, options.timeoutMs)
    return extractPdf(bytes, positive(options.maxPages, defaultMaxPages), maxChars, timeoutMs)
  }
  if (kind === 'docx') return limitChars(normaliseLines(documentXmlToText(readDocumentXml(bytes))), maxChars, false)
  throw new CvExtractionError('Only PDF and Word (.docx) files can be read')
}

const positive = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback

function limitChars(text: string, maxChars: number, truncated: boolean, pages?: number): CvText {
  let cut = text
  if (cut.length > maxChars) {
    // Never leave half a surrogate pair at the end.
    const end = /[\ud800-\udbff]/.test(cut[maxChars - 1] ?? '') ? maxChars - 1 : maxChars
    cut = cut.slice(0, end).trimEnd()
    truncated = true
  }
  return pages === undefined ? { text: cut, truncated } : { text: cut, pages, truncated }
}

/** Control characters out (tabs and newlines stay), trailing spaces trimmed, runs of blank lines collapsed to one. */
function normaliseLines(text: string): string {
  const out: string[] = []
  for (const raw of text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, '').split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd()
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue
    out.push(line)
  }
  while (out.at(-1) === '') out.pop()
  return out.join('\n')
}

// PDF ----------------------------------------------------------------------------------------------------------------

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjs: Promise<PdfJs> | undefined

/**
 * In Node pdfjs never starts a Worker: it imports its worker module onto this thread ("fake worker") from
 * GlobalWorkerOptions.workerSrc, which defaults to a path relative to pdf.mjs. Point it at the installed legacy worker
 * explicitly so that still holds when this module is bundled.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((lib) => {
    const workerPath = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')
    lib.GlobalWorkerOptions.workerSrc = pathToFileURL(workerPath).href
    return lib
  })
  return pdfjs
}

async function extractPdf(bytes: Uint8Array, maxPages: number, maxChars: number, timeoutMs: number): Promise<CvText> {
  const { getDocument, VerbosityLevel } = await loadPdfJs()
  const deadline = Date.now() + timeoutMs
  const tooSlow = () => new CvExtractionError(messages.pdfTooSlow)
  const task = getDocument({
    // A copy: pdfjs rejects Buffers and may transfer (detach) the caller's ArrayBuffer.
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  })
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow()), timeoutMs)
  })

  const read = async (): Promise<CvText> => {
    const doc = await task.promise
    const pages: string[] = []
    let chars = 0
    const last = Math.min(doc.numPages, maxPages)
    for (let number = 1; number <= last && chars < maxChars; number++) {
      if (Date.now() >= deadline) throw tooSlow()
      const page = await doc.getPage(number)
      const content = await page.getTextContent()
      const text = pageText(content.items)
      page.cleanup()
      pages.push(text)
      chars += text.length + 2
    }
    const text = normaliseLines(pages.join('\n\n'))
    return limitChars(text, maxChars, doc.numPages > pages.length, doc.numPages)
  }

  try {
    return await Promise.race([read(), expired])
  } catch (err) {
    if (err instanceof CvExtractionError) throw err
    const name = err instanceof Error ? err.name : ''
    throw new CvExtractionError(name === 'PasswordException' ? messages.pdfPassword : messages.pdfUnreadable, { cause: err })
  } finally {
    clearTimeout(timer)
    // Stops the parser if the budget ran out mid-way, and frees the document either way.
    await task.destroy().catch(() => undefined)
  }
}

type PdfTextItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean }
const isTextItem = (item: unknown): item is PdfTextItem =>
  typeof item === 'object' && item !== null && typeof (item as { str?: unknown }).str === 'string'

/**
 * Items come in content-stream order, usually reading order; they are not re-sorted (that would interleave columns).
 * A line ends at hasEOL or when the baseline moves by more than half the glyph height; a vertical jump of more than two
 * glyph heights (of the larger of the two lines) leaves a blank line. Items on one line are joined with a space when
 * there is a visible horizontal gap between them.
 */
function pageText(items: readonly unknown[]): string {
  const lines: string[] = []
  let line = ''
  let lineY: number | undefined
  let previousLineY: number | undefined
  let previousLineHeight = 0
  let endX = 0
  let lastHeight = 0
  const endLine = () => {
    if (line.trim()) {
      lines.push(line)
      previousLineY = lineY
      previousLineHeight = lastHeight
    }
    line = ''
    lineY = undefined
  }
  for (const item of items) {
    if (!isTextItem(item)) continue
    const [, , , scaleY = 0, x = 0, y = 0] = item.transform
    const height = item.height || Math.abs(scaleY) || lastHeight || 10
    if (lineY !== undefined && Math.abs(y - lineY) > Math.max(height, lastHeight) * 0.5) endLine()
    if (item.str) {
      if (line === '') {
        if (previousLineY !== undefined && Math.abs(previousLineY - y) > Math.max(height, previousLineHeight) * 2) lines.push('')
        lineY = y
      } else if (!/\s/.test(line[line.length - 1]!) && !/^\s/.test(item.str) && x - endX > height * 0.2) {
        line += ' '
      }
      line += item.str
      endX = x + item.width
      lastHeight = height
    }
    if (item.hasEOL) endLine()
  }
  endLine()
  return lines.join('\n')
}

// DOCX: ZIP ----------------------------------------------------------------------------------------------------------

const eocdSignature = 0x06054b50
const centralSignature = 0x02014b50
const localSignature = 0x04034b50
const documentPath = 'word/document.xml'

/**
 * Reads word/document.xml out of the ZIP container: End Of Central Directory (searched backwards over the comment),
 * central directory (sizes and offsets are taken from here, never from the local header, which may defer them to a data
 * descriptor), then the local header only to skip its name and extra field. Stored (0) and deflate (8) are supported;
 * ZIP64, multi-disk and encrypted archives are refused. Inflation is capped by maxOutputLength, so a lying size field
 * cannot make it allocate more than maxDocxXmlBytes.
 */
function readDocumentXml(bytes: Uint8Array): Uint8Array {
  // OLE compound file: what Word writes for password-protected files and for the legacy .doc format.
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new CvExtractionError(messages.docxLegacy)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const unreadable = () => new CvExtractionError(messages.docxUnreadable)
  const fail = (): never => {
    throw unreadable()
  }
  // Every offset comes from the file: reads past the end are a broken archive, not a RangeError.
  const u16 = (at: number) => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : fail())
  const u32 = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : fail())

  let eocd = -1
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (view.getUint32(at, true) === eocdSignature && at + 22 + view.getUint16(at + 20, true) <= bytes.length) {
      eocd = at
      break
    }
  }
  if (eocd < 0) throw unreadable()
  const entries = u16(eocd + 10)
  const directorySize = u32(eocd + 12)
  const directoryOffset = u32(eocd + 16)
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== entries) throw unreadable()
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw unreadable()
  if (entries > maxZipEntries) throw new CvExtractionError(messages.docxTooLarge)
  if (directoryOffset + directorySize > eocd) throw unreadable()

  let found: { flags: number; method: number; compressed: number; size: number; offset: number } | undefined
  let at = directoryOffset
  for (let index = 0; index < entries; index++) {
    if (u32(at) !== centralSignature) throw unreadable()
    const nameLength = u16(at + 28)
    const end = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
    if (end > directoryOffset + directorySize) throw unreadable()
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    if (name === documentPath) {
      // Two entries with one name: different readers would see different documents.
      if (found) throw unreadable()
      found = { flags: u16(at + 8), method: u16(at + 10), compressed: u32(at + 20), size: u32(at + 24), offset: u32(at + 42) }
    }
    at = end
  }
  if (!found) throw new CvExtractionError(messages.docxNotWord)
  if (found.flags & 0x1) throw new CvExtractionError(messages.docxPassword)
  if (found.size > maxDocxXmlBytes) throw new CvExtractionError(messages.docxTooLarge)
  if (found.compressed === 0xffffffff || found.size === 0xffffffff) throw unreadable()

  if (u32(found.offset) !== localSignature) throw unreadable()
  const dataStart = found.offset + 30 + u16(found.offset + 26) + u16(found.offset + 28)
  if (dataStart + found.compressed > directoryOffset) throw unreadable()
  const data = bytes.subarray(dataStart, dataStart + found.compressed)

  if (found.method === 0) {
    if (found.compressed !== found.size) throw unreadable()
    return data
  }
  if (found.method !== 8) throw unreadable()
  let xml: Buffer
  try {
    xml = inflateRawSync(data, { maxOutputLength: maxDocxXmlBytes })
  } catch (err) {
    const tooBig = err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    throw new CvExtractionError(tooBig ? messages.docxTooLarge : messages.docxUnreadable, { cause: err })
  }
  if (xml.length !== found.size) throw unreadable()
  return xml
}

// DOCX: WordprocessingML ---------------------------------------------------------------------------------------------

/** Paragraphs nest only through text boxes; anything deeper than this is not a CV. */
const maxParagraphDepth = 32

/**
 * document.xml → text with a single linear scan (indexOf, quote-aware tag ends), no XML parser and no DTD support: a
 * DOCTYPE is refused outright, so no entity can be declared, let alone resolved; only the five XML entities and numeric
 * references are decoded. <w:p> is a line, text comes from <w:t> only (so deleted text and field codes stay out),
 * <w:tab/> is a tab unless it is a tab stop inside <w:tabs>, <w:br/> and <w:cr/> are newlines. The mc:Fallback copy of
 * a text box is skipped so its text is not read twice. Word always uses the "w:" prefix; other prefixes are not mapped.
 */
function documentXmlToText(bytes: Uint8Array): string {
  const xml = decodeXml(bytes)
  if (/<!DOCTYPE/i.test(xml)) throw new CvExtractionError(messages.docxDoctype)
  const paragraphs: string[] = []
  const open: string[] = []
  let inText = false
  let tabStops = 0
  let fallback = 0
  const append = (chunk: string) => {
    if (open.length > 0 && fallback === 0) open[open.length - 1] += chunk
  }

  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const textEnd = lt < 0 ? xml.length : lt
    if (inText && textEnd > i) append(decodeEntities(xml.slice(i, textEnd)))
    if (lt < 0) break
    if (xml.startsWith('<!--', lt)) {
      i = skipPast(xml, '-->', lt + 4)
      continue
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9)
      if (inText) append(xml.slice(lt + 9, end < 0 ? xml.length : end))
      i = end < 0 ? xml.length : end + 3
      continue
    }
    if (xml.startsWith('<?', lt)) {
      i = skipPast(xml, '?>', lt + 2)
      continue
    }
    if (xml.startsWith('<!', lt)) throw new CvExtractionError(messages.docxUnreadable)
    const gt = tagEnd(xml, lt + 1)
    if (gt < 0) break
    i = gt + 1
    const closing = xml[lt + 1] === '/'
    const selfClosing = xml[gt - 1] === '/'
    let nameEnd = lt + (closing ? 2 : 1)
    while (nameEnd < gt && !/[\s/]/.test(xml[nameEnd]!)) nameEnd++
    const name = xml.slice(lt + (closing ? 2 : 1), nameEnd)

    if (name === 'mc:Fallback') {
      if (!selfClosing) fallback = Math.max(0, fallback + (closing ? -1 : 1))
    } else if (name === 'w:p') {
      if (closing) {
        const text = open.pop()
        if (text !== undefined && fallback === 0) paragraphs.push(text)
      } else if (selfClosing) {
        if (fallback === 0) paragraphs.push('')
      } else {
        if (open.length >= maxParagraphDepth) throw new CvExtractionError(messages.docxUnreadable)
        open.push('')
      }
    } else if (name === 'w:t') {
      inText = !closing && !selfClosing
    } else if (name === 'w:tabs') {
      if (!selfClosing) tabStops = Math.max(0, tabStops + (closing ? -1 : 1))
    } else if ((name === 'w:tab' || name === 'w:ptab') && !closing && tabStops === 0) {
      append('\t')
    } else if ((name === 'w:br' || name === 'w:cr') && !closing) {
      append('\n')
    } else if (name === 'w:noBreakHyphen' && !closing) {
      append('-')
    }
  }
  return paragraphs.join('\n')
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  return new TextDecoder('utf-8').decode(bytes)
}

const skipPast = (xml: string, marker: string, from: number) => {
  const end = xml.indexOf(marker, from)
  return end < 0 ? xml.length : end + marker.length
}

/** Index of the '>' closing the tag that starts at `from`, skipping quoted attribute values (they may contain '>'). */
function tagEnd(xml: string, from: number): number {
  let quote = ''
  for (let i = from; i < xml.length; i++) {
    const c = xml[i]!
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '>') {
      return i
    }
  }
  return -1
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[\da-fA-F]{1,6});/g, (whole, name: string) => {
    if (name[0] !== '#') return xmlEntities[name]!
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole
  })
}
