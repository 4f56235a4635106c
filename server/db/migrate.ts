import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from './database'

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own
 * transaction, recording name and checksum in "_hireproof_migrations". The same
 * runner serves PGlite and PostgreSQL (the Prisma CLI cannot apply migrations to
 * PostgreSQL here; see prisma/README.md). An applied migration is immutable: a
 * changed checksum stops the run instead of silently diverging.
 */
export const defaultMigrationsDir = path.resolve(process.cwd(), 'prisma/migrations')

export type Migration = { name: string; sql: string; checksum: string }

export function readMigrations(dir = defaultMigrationsDir): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!/^\d{14}_[a-z0-9_]+$/.test(name)) throw new MigrationError(`Bad migration folder name: ${name}`)
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

export class MigrationError extends Error {}

export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withExclusiveLock('hireproof:migrate', async () => {
    await db.execScript(`CREATE TABLE IF NOT EXISTS "_hireproof_migrations" (
      name TEXT PRIMARY KEY,
      checksum TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`)
    const applied = new Map(
      (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_hireproof_migrations"')).map(
        (row) => [row.name, row.checksum],
      ),
    )
    for (const [name] of applied) {
      if (!migrations.some((m) => m.name === name)) {
        throw new MigrationError(`Database has migration ${name}, which is not in prisma/migrations (newer code ran here?)`)
      }
    }
    const newlyApplied: string[] = []
    for (const migration of migrations) {
      const checksum = applied.get(migration.name)
      if (checksum === migration.checksum) continue
      if (checksum) {
        throw new MigrationError(`Migration ${migration.name} was edited after it was applied; add a new migration instead`)
      }
      const record = `INSERT INTO "_hireproof_migrations" (name, checksum) VALUES ('${migration.name}', '${migration.checksum}');`
      await db.execScript(`BEGIN;\n${migration.sql}\n;${record}\nCOMMIT;`).catch(async (error: unknown) => {
        await db.execScript('ROLLBACK').catch(() => {})
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`)
      })
      newlyApplied.push(migration.name)
    }
    return newlyApplied
  })
}
