import { describe, expect, it } from 'vitest'
import { containsUnstorableText, storableText } from '../../server/security/unstorable-text'

/** Every procedure refuses input text that PostgreSQL or the query engine cannot take (tests/integration/procedure-fuzz.test.ts). */
describe('text the database cannot store', () => {
  it('finds NUL characters and unpaired surrogates, in values and keys, however deep', () => {
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00', '\udfff\ud800', { name: '\u0000' }, [['ok', { deep: 'a\ud83d' }]], { 'key\u0000': 'value' }]) {
      expect(containsUnstorableText(bad), JSON.stringify(bad)).toBe(true)
    }
  })

  it('lets through ordinary and astral text (emoji are paired surrogates), numbers, dates and streams', () => {
    const stream = (async function* () {})()
    for (const good of ['Çağrı Öztürk', 'ok 👍🏽', '', { tags: ['a', 'b'], n: 1, at: new Date() }, null, undefined, 42, { body: stream, name: 'x' }]) {
      expect(containsUnstorableText(good), String(good)).toBe(false)
    }
  })

  it('replaces what cannot be stored, keeping everything else, for text that must be kept as received', () => {
    expect(storableText('Invite\u0000 from \ud800Ada 👍🏽')).toBe('Invite\ufffd from \ufffdAda 👍🏽')
    expect(containsUnstorableText(storableText('\udfff\ud800\u0000'))).toBe(false)
  })
})
