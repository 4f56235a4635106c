import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// Fails when schema.prisma and prisma/migrations disagree: Prisma replays the
// migrations into an in-memory PGlite shadow database and diffs the result
// against the schema (npm run db:check-drift).
describe('schema.prisma and migrations', () => {
  it('describe the same database', () => {
    const result = spawnSync('node', ['scripts/prisma.mjs', 'migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(result.stdout + result.stderr).toContain('No difference detected')
    expect(result.status).toBe(0)
  }, 120_000)
})
