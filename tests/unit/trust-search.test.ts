import { describe, expect, it } from 'vitest'
import { faq } from '../../trust/faq'
import { highlight, maxQueryLength, normalize, parseQuery, searchFaq } from '../../trust/search'

describe('FAQ search query', () => {
  it('trims, folds case and accents, drops one-letter words and duplicates', () => {
    expect(parseQuery('  Encryption   at REST a ')).toEqual({ text: 'Encryption at REST a', terms: ['encryption', 'at', 'rest'] })
    expect(parseQuery('Türkiye KVKK kvkk').terms).toEqual(['turkiye', 'kvkk'])
    expect(parseQuery(null)).toEqual({ text: '', terms: [] })
  })

  it('keeps useful punctuation inside words and limits length', () => {
    expect(parseQuery('security.txt, 2fa; AES-256!').terms).toEqual(['security.txt', '2fa', 'aes-256'])
    expect(parseQuery('x'.repeat(500)).text).toHaveLength(maxQueryLength)
    expect(parseQuery('<script>alert(1)</script>').terms).toEqual(['script', 'alert'])
  })
})

describe('highlight', () => {
  it('marks every occurrence of every term, ignoring case', () => {
    expect(highlight('Encryption at rest; encrypted backups', ['encrypt', 'rest'])).toEqual([
      { text: 'Encrypt', match: true },
      { text: 'ion at ', match: false },
      { text: 'rest', match: true },
      { text: '; ', match: false },
      { text: 'encrypt', match: true },
      { text: 'ed backups', match: false },
    ])
  })

  it('matches across accents and keeps the original characters', () => {
    expect(highlight('Kişisel Verileri Koruma (Türkiye)', ['turkiye'])).toEqual([
      { text: 'Kişisel Verileri Koruma (', match: false },
      { text: 'Türkiye', match: true },
      { text: ')', match: false },
    ])
    // Decomposed accents stay with their letter.
    const decomposed = 'Tu\u0308rkiye'
    expect(highlight(decomposed, ['turkiye'])).toEqual([{ text: decomposed, match: true }])
  })

  it('merges overlapping matches', () => {
    expect(highlight('backups', ['back', 'ckup'])).toEqual([
      { text: 'backup', match: true },
      { text: 's', match: false },
    ])
  })

  it('returns the text unchanged without terms or matches, and text only (never markup)', () => {
    expect(highlight('plain', [])).toEqual([{ text: 'plain', match: false }])
    expect(highlight('plain', ['zzz'])).toEqual([{ text: 'plain', match: false }])
    const segments = highlight('a <b> tag', parseQuery('<b>').terms)
    expect(segments.map((s) => s.text).join('')).toBe('a <b> tag')
  })
})

describe('searchFaq', () => {
  it('finds answers that contain every word, in their usual order', () => {
    const { results, count } = searchFaq(faq.categories, parseQuery('encrypted rest'))
    const ids = results.flatMap((c) => c.entries.map((e) => e.id))
    expect(ids).toContain('encryption-at-rest')
    expect(count).toBe(ids.length)
    for (const id of ids) {
      const entry = faq.categories.flatMap((c) => c.entries).find((e) => e.id === id)!
      const text = normalize(JSON.stringify(entry))
      expect(text.includes('encrypt') && text.includes('rest'), id).toBe(true)
    }
  })

  it('searches keywords and category titles too', () => {
    const ids = (q: string) => searchFaq(faq.categories, parseQuery(q)).results.flatMap((c) => c.entries.map((e) => e.id))
    expect(ids('okta')).toEqual(['single-sign-on', 'scim'])
    expect(ids('BYOK')).toEqual(['key-management'])
    expect(ids('Türkiye')).toContain('kvkk')
  })

  it('returns nothing for a query nothing matches, and everything for an empty query', () => {
    expect(searchFaq(faq.categories, parseQuery('qwertyuiop'))).toEqual({ results: [], count: 0 })
    const all = faq.categories.reduce((n, c) => n + c.entries.length, 0)
    expect(searchFaq(faq.categories, parseQuery('')).count).toBe(all)
  })
})
