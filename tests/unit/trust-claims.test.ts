import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { aiSections } from '../../trust/ai'
import { claims, type Claim } from '../../trust/claims'
import { blocksText } from '../../trust/inline'
import { allFaqEntries } from '../../trust/faq'

/**
 * The trust center may call a capability "available" only while the test
 * that proves it exists. Test titles are read from the source of the named
 * file (it()/test() calls with a literal title), so a renamed or deleted test
 * fails this suite.
 */
const titleCall = /\b(?:it|test)(?:\.(?:only|skip|fails|concurrent|sequential|fixme|slow))*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g

function testTitlesIn(source: string): Set<string> {
  return new Set([...source.matchAll(titleCall)].map((m) => m[2]!.replace(/\\(.)/g, '$1')))
}

function missingEvidence(list: readonly Claim[], root = process.cwd()): string[] {
  const problems: string[] = []
  for (const claim of list) {
    if (claim.status !== 'available') continue
    if (claim.evidence.length === 0) problems.push(`${claim.id}: available but names no test`)
    for (const { file, test } of claim.evidence) {
      const full = path.resolve(root, file)
      if (!fs.existsSync(full)) {
        problems.push(`${claim.id}: ${file} does not exist`)
        continue
      }
      if (!testTitlesIn(fs.readFileSync(full, 'utf8')).has(test)) problems.push(`${claim.id}: no test titled "${test}" in ${file}`)
    }
  }
  return problems
}

const roadmap = /\bon (?:our|the) roadmap\b/i

describe('trust-center claims', () => {
  it('backs every available claim with an existing test file and test title', () => {
    expect(missingEvidence(claims)).toEqual([])
  })

  it('detects a missing file and a missing test title', () => {
    const fake: Claim[] = [
      { id: 'a', title: 'A', summary: 'A', area: 'data', status: 'available', evidence: [{ file: 'tests/unit/nope.test.ts', test: 'x' }] },
      {
        id: 'b',
        title: 'B',
        summary: 'B',
        area: 'data',
        status: 'available',
        evidence: [{ file: 'tests/unit/trust-claims.test.ts', test: 'a test title that is not in this file' }],
      },
      { id: 'c', title: 'C', summary: 'C', area: 'data', status: 'available', evidence: [] },
    ]
    expect(missingEvidence(fake)).toEqual([
      'a: tests/unit/nope.test.ts does not exist',
      'b: no test titled "a test title that is not in this file" in tests/unit/trust-claims.test.ts',
      'c: available but names no test',
    ])
  })

  it('reads test titles in every quoting style', () => {
    // Source text to parse, not tests of this suite (a skipped test still has a title).
    const titles = testTitlesIn(
      [`it('single \\'quoted\\' title', () => {})`, `test("double", async () => {})`, ['it', 'skip(`template`, () => {})'].join('.'), `test.describe('not a test', () => {})`].join('\n'),
    )
    expect([...titles]).toEqual(["single 'quoted' title", 'double', 'template'])
  })

  it('has unique ids, and planned claims name no evidence', () => {
    const ids = claims.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const claim of claims) {
      if (claim.status === 'planned') expect(claim, claim.id).not.toHaveProperty('evidence')
    }
  })

  it('phrases every answer that relies on a planned capability as on the roadmap', () => {
    const texts = [
      ...allFaqEntries().map(({ entry }) => ({ where: `faq#${entry.id}`, claims: entry.claims ?? [], text: blocksText(entry.answer) })),
      ...aiSections.map((s) => ({ where: `ai#${s.id}`, claims: s.claims ?? [], text: blocksText(s.body) })),
    ]
    const unhedged = texts
      .filter((t) => t.claims.some((id) => claims.find((c) => c.id === id)?.status === 'planned'))
      .filter((t) => !roadmap.test(t.text))
      .map((t) => t.where)
    expect(unhedged).toEqual([])
  })

  it('keeps the current capabilities of the product listed as available', () => {
    const available = claims.filter((c) => c.status === 'available').map((c) => c.id)
    expect(available).toEqual(
      expect.arrayContaining([
        'password-hashing',
        'session-expiry',
        'session-rotation',
        'sign-in-throttling',
        'csrf-protection',
        'security-headers',
        'tenant-isolation',
        'builtin-roles',
      ]),
    )
  })
})
