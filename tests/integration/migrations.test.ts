import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/database'
import { migrate, MigrationError, readMigrations } from '../../server/db/migrate'

// Always on a fresh embedded PGlite; the PostgreSQL path is exercised by the
// template database every integration run builds with the same runner.
describe('migration runner', () => {
  it('applies every migration once and is idempotent', async () => {
    const db = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const migrations = readMigrations()
      expect(await migrate(db, migrations)).toEqual(migrations.map((m) => m.name))
      expect(await migrate(db, migrations)).toEqual([])
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      )
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['Organization', 'User', 'Membership', 'Session']))
    } finally {
      await db.close()
    }
  })

  it('refuses a migration edited after it was applied', async () => {
    const db = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const migrations = readMigrations()
      await migrate(db, migrations)
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m))
      await expect(migrate(db, edited)).rejects.toThrow(MigrationError)
    } finally {
      await db.close()
    }
  })

  it('rolls back a failing migration completely', async () => {
    const db = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const broken = [{ name: '20990101000000_broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();', checksum: 'c' }]
      await expect(migrate(db, broken)).rejects.toThrow(/20990101000000_broken failed/)
      const rows = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`)
      expect(rows).toHaveLength(0)
      expect(await db.query('SELECT * FROM "_hireproof_migrations"')).toHaveLength(0)
    } finally {
      await db.close()
    }
  })

  it('keeps every application’s stage when pipelines arrive (pipeline_rubric_decisions)', async () => {
    const db = await openDatabase({ pgliteDir: 'memory://' })
    try {
      const migrations = readMigrations()
      const at = migrations.findIndex((m) => m.name.endsWith('_pipeline_rubric_decisions'))
      await migrate(db, migrations.slice(0, at))
      await db.query(`INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES ('o1', 'Org', 'org', now())`)
      await db.query(`INSERT INTO "Job" ("id", "orgId", "title", "createdById", "updatedAt") VALUES ('j1', 'o1', 'Job', 'u1', now())`)
      for (const [id, stage] of [['c1', 'interview'], ['c2', 'applied'], ['c3', 'somewhere else']]) {
        await db.query(`INSERT INTO "Candidate" ("id", "orgId", "name", "updatedAt") VALUES ($1, 'o1', $1, now())`, [id])
        await db.query(`INSERT INTO "Application" ("id", "orgId", "jobId", "candidateId", "stage", "updatedAt") VALUES ($1, 'o1', 'j1', $2, $3, now())`, [
          `a-${id}`,
          id,
          stage,
        ])
      }
      await migrate(db, migrations)
      const rows = await db.query<{ id: string; name: string }>(
        `SELECT a."id", s."name" FROM "Application" a JOIN "PipelineStage" s ON s."id" = a."stageId" ORDER BY a."id"`,
      )
      expect(rows).toEqual([
        { id: 'a-c1', name: 'Interview' },
        { id: 'a-c2', name: 'Applied' },
        { id: 'a-c3', name: 'Applied' },
      ])
      const stages = await db.query<{ name: string }>(`SELECT "name" FROM "PipelineStage" WHERE "jobId" = 'j1' ORDER BY "position"`)
      expect(stages.map((s) => s.name)).toEqual(['Applied', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected'])
    } finally {
      await db.close()
    }
  })
})
