import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { CvExtractionError, extractCvText, maxDocxXmlBytes, maxZipEntries } from '../../server/cv/extract-text'
import { buildDocx, buildZip, crc32, documentXml } from '../support/docx'

async function extractionError(run: Promise<unknown>): Promise<CvExtractionError> {
  try {
    await run
  } catch (err) {
    expect(err).toBeInstanceOf(CvExtractionError)
    return err as CvExtractionError
  }
  throw new Error('expected a CvExtractionError')
}

/** Two A4 pages; the period on the first page sits on the same baseline as the title, far to the right. */
async function makeCvPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const first = pdf.addPage([595, 842])
  first.drawText('Jane Doe', { x: 50, y: 780, size: 22, font })
  first.drawText('Senior Backend Engineer', { x: 50, y: 750, size: 12, font })
  first.drawText('jane.doe@example.com | +44 7700 900123', { x: 50, y: 732, size: 10, font })
  first.drawText('Experience', { x: 50, y: 690, size: 14, font })
  first.drawText('Staff Engineer, Acme Corp', { x: 50, y: 668, size: 11, font })
  first.drawText('2019 - 2023', { x: 450, y: 668, size: 11, font })
  first.drawText('Led the payments platform team.', { x: 60, y: 652, size: 11, font })
  const second = pdf.addPage([595, 842])
  second.drawText('Education', { x: 50, y: 780, size: 14, font })
  second.drawText('BSc Computer Science, University of Leeds', { x: 50, y: 760, size: 11, font })
  second.drawText('Skills', { x: 50, y: 720, size: 14, font })
  second.drawText('TypeScript, PostgreSQL, Kubernetes', { x: 50, y: 700, size: 11, font })
  return pdf.save()
}

const expectedPdfLines = [
  'Jane Doe',
  'Senior Backend Engineer',
  'jane.doe@example.com | +44 7700 900123',
  'Experience',
  'Staff Engineer, Acme Corp 2019 - 2023',
  'Led the payments platform team.',
  'Education',
  'BSc Computer Science, University of Leeds',
  'Skills',
  'TypeScript, PostgreSQL, Kubernetes',
]

describe('extractCvText: PDF', () => {
  let cvPdf: Uint8Array
  beforeAll(async () => {
    cvPdf = await makeCvPdf()
  })

  it('reads the text of every page in order, one line per baseline, pages separated by a blank line', async () => {
    const result = await extractCvText(cvPdf, 'pdf')
    expect(result.pages).toBe(2)
    expect(result.truncated).toBe(false)
    expect(result.text.split('\n').filter(Boolean)).toEqual(expectedPdfLines)
    // Blank lines: the page break, and the wider gaps above headings.
    expect(result.text).toBe(
      'Jane Doe\nSenior Backend Engineer\njane.doe@example.com | +44 7700 900123\n\nExperience\n' +
        'Staff Engineer, Acme Corp 2019 - 2023\nLed the payments platform team.\n\n' +
        'Education\nBSc Computer Science, University of Leeds\n\nSkills\nTypeScript, PostgreSQL, Kubernetes',
    )
  })

  it('leaves the caller’s bytes intact (pdfjs gets a copy) and accepts a Buffer', async () => {
    const copy = Buffer.from(cvPdf)
    const result = await extractCvText(copy, 'pdf')
    expect(copy.byteLength).toBe(cvPdf.byteLength)
    expect(result.text).toContain('Jane Doe')
  })

  it('reads at most maxPages pages and maxChars characters', async () => {
    const onePage = await extractCvText(cvPdf, 'pdf', { maxPages: 1 })
    expect(onePage).toMatchObject({ pages: 2, truncated: true })
    expect(onePage.text).toContain('Led the payments platform team.')
    expect(onePage.text).not.toContain('Education')

    const short = await extractCvText(cvPdf, 'pdf', { maxChars: 20 })
    expect(short.truncated).toBe(true)
    expect(short.text.length).toBeLessThanOrEqual(20)
    expect(short.text.startsWith('Jane Doe\nSenior')).toBe(true)
  })

  it('gives up when the time budget is spent', async () => {
    const error = await extractionError(extractCvText(cvPdf, 'pdf', { timeoutMs: 0 }))
    expect(error.message).toBe('This PDF took too long to read')
  })

  it('refuses corrupt and empty PDFs with a readable message', async () => {
    const truncated = cvPdf.slice(0, 400)
    for (const bytes of [truncated, new TextEncoder().encode('%PDF-1.7\nnot really a pdf'), new Uint8Array(0)]) {
      const error = await extractionError(extractCvText(bytes, 'pdf'))
      expect(error.message).toBe('This PDF could not be read')
    }
  })

  it('refuses a password-protected PDF', async () => {
    // A standard security handler whose /U entry matches no password: pdfjs needs one to read the file.
    const pdf = await PDFDocument.create()
    pdf.addPage().drawText('secret')
    const context = pdf.context
    const filler = PDFString.of('0123456789abcdef0123456789abcdef')
    context.trailerInfo.Encrypt = context.register(
      context.obj({ Filter: PDFName.of('Standard'), V: 1, R: 2, O: filler, U: filler, P: -4 }),
    )
    context.trailerInfo.ID = context.obj([PDFString.of('0123456789abcdef'), PDFString.of('0123456789abcdef')])
    const bytes = await pdf.save({ useObjectStreams: false })
    const error = await extractionError(extractCvText(bytes, 'pdf'))
    expect(error.message).toBe('This PDF is password-protected')
  })

  // An independent reader to compare with: skipped only where Debian's poppler-utils is missing (scripts/test.sh installs it).
  const pdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' })
  it.skipIf(pdftotext.error !== undefined)('agrees with poppler’s pdftotext on the words', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-pdf-'))
    try {
      const file = path.join(dir, 'cv.pdf')
      fs.writeFileSync(file, cvPdf)
      const reference = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout
      const words = (text: string) => text.split(/\s+/).filter(Boolean).sort()
      expect(words((await extractCvText(cvPdf, 'pdf')).text)).toEqual(words(reference))
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('extractCvText: DOCX', () => {
  it('turns paragraphs into lines, tabs into tabs and breaks into newlines, and decodes entities', async () => {
    const docx = buildDocx(['Jane Doe', 'Engineer\tLondon', 'Line one\nLine two', '', 'R&D <lead> "quoted" café'])
    const result = await extractCvText(docx, 'docx')
    const text = 'Jane Doe\nEngineer\tLondon\nLine one\nLine two\n\nR&D <lead> "quoted" café'
    expect(result).toEqual({ text, truncated: false })
    expect(result.pages).toBeUndefined()
  })

  it('reads stored (uncompressed) entries too', async () => {
    const result = await extractCvText(buildDocx(['Stored paragraph'], { method: 'store' }), 'docx')
    expect(result.text).toBe('Stored paragraph')
  })

  it('keeps text boxes once, skips deleted text, field codes and tab stops, decodes numeric references', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>' +
      '<w:p><w:r><w:t>Before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>' +
      '<w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>' +
      '<w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>' +
      '<w:r><w:t>after</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' +
      '<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>' +
      '<w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:r><w:t w:x="a>b">Kept &#233;&#x2013;ok</w:t></w:r></w:p>' +
      '<!-- a comment <w:t>hidden</w:t> --></w:body></w:document>'
    const result = await extractCvText(buildDocx([], { xml }), 'docx')
    expect(result.text).toBe('In the box\nBefore after\nKept é–ok')
  })

  it('cuts the text at maxChars', async () => {
    const result = await extractCvText(buildDocx(['a'.repeat(50), 'b'.repeat(50)]), 'docx', { maxChars: 60 })
    expect(result).toEqual({ text: `${'a'.repeat(50)}\n${'b'.repeat(9)}`, truncated: true })
  })

  it('stays linear on long runs of whitespace and tags', async () => {
    const paragraphs = [`a${' '.repeat(2_000_000)}b`, `${'\t'.repeat(100_000)}c`, ...Array.from({ length: 50_000 }, () => ' ')]
    const started = Date.now()
    const result = await extractCvText(buildDocx(paragraphs), 'docx', { maxChars: 10 })
    expect(result).toEqual({ text: 'a', truncated: true })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('refuses random bytes, a ZIP without word/document.xml and a legacy/encrypted Word file', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251)
    expect((await extractionError(extractCvText(random, 'docx'))).message).toBe('This document could not be read')

    const notWord = buildZip([{ name: 'hello.txt', data: 'hi' }])
    expect((await extractionError(extractCvText(notWord, 'docx'))).message).toBe('This file is not a Word document (.docx)')

    const ole = new Uint8Array(512)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect((await extractionError(extractCvText(ole, 'docx'))).message).toMatch(/password-protected or in the old \.doc format/)
  })

  it('refuses a DOCX whose ZIP structure is damaged', async () => {
    const docx = buildDocx(['Jane Doe'])
    const damaged = docx.slice()
    // Point the central directory past its end.
    new DataView(damaged.buffer).setUint32(damaged.length - 6, docx.length, true)
    expect((await extractionError(extractCvText(damaged, 'docx'))).message).toBe('This document could not be read')

    // Deflate data that is not a valid stream (block type 3 does not exist).
    const broken = buildDocx(['Jane Doe'])
    const name = new TextEncoder().encode('word/document.xml')
    const at = Buffer.from(broken).indexOf(name) + name.length
    broken.set([0xff, 0xff, 0xff, 0xff], at)
    expect((await extractionError(extractCvText(broken, 'docx'))).message).toBe('This document could not be read')
  })

  it('refuses a zip bomb: a document.xml that inflates beyond the cap, whatever size it declares', async () => {
    const huge = documentXml(['x']).replace('<w:body>', `<w:body>${' '.repeat(maxDocxXmlBytes + 1024)}`)
    const compressed = deflateRawSync(Buffer.from(huge))
    expect(compressed.length).toBeLessThan(100_000)
    const honest = buildDocx([], { xml: huge })
    expect((await extractionError(extractCvText(honest, 'docx'))).message).toBe('This document is too large to read')
    const lying = buildDocx([], { xml: huge, declaredSize: 1000 })
    expect((await extractionError(extractCvText(lying, 'docx'))).message).toBe('This document is too large to read')
  })

  it('refuses an archive with too many entries', async () => {
    const entries = Array.from({ length: maxZipEntries + 1 }, (_, i) => ({ name: `f${i}`, data: '', method: 'store' as const }))
    const zip = buildZip([...entries, { name: 'word/document.xml', data: documentXml(['x']) }])
    expect((await extractionError(extractCvText(zip, 'docx'))).message).toBe('This document is too large to read')
  })

  it('refuses a document with a DOCTYPE, so no entity is ever declared or expanded', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    const error = await extractionError(extractCvText(buildDocx([], { xml }), 'docx'))
    expect(error.message).toMatch(/DOCTYPE/)
  })

  it('writes valid CRC-32s in the test helper', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
  })
})
