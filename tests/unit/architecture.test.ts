import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Guards the layering rules of DESIGN.md that the compiler cannot see:
 * - app/ may import server/ and prisma/ code only from *.server.ts(x) modules
 *   (the classic compiler would otherwise ship it to the browser or empty it);
 * - services never import tRPC or Remix.
 */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(full)
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

// Type-only imports are erased by the compiler and may cross the boundary.
const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)(?!\s+type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!)

describe('architecture', () => {
  it('app/ reaches server code only through .server modules', () => {
    const offenders = filesUnder('app')
      .filter((file) => !/\.server\.tsx?$/.test(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /(^|\/)(server|prisma)\//.test(spec) && spec.startsWith('.'))
          .map((spec) => `${file} imports ${spec}`),
      )
    expect(offenders).toEqual([])
  })

  it('services import neither tRPC nor Remix', () => {
    const offenders = filesUnder('server/services').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('@trpc/') || spec.startsWith('@remix-run/') || spec.includes('/trpc/'))
        .map((spec) => `${file} imports ${spec}`),
    )
    expect(offenders).toEqual([])
  })

  it('keeps one procedure per file, each exported as <name>Procedure', () => {
    const files = filesUnder('server/trpc/routers').filter((f) => !f.endsWith('.schema.ts'))
    for (const file of files) {
      const exported = [...fs.readFileSync(file, 'utf8').matchAll(/export const (\w+Procedure)\b/g)]
      expect(exported, file).toHaveLength(1)
    }
  })
})
