// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the existing migrations to schema.prisma (diffed offline in PGlite).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:new-migration -- <snake_case_name>')
  process.exit(2)
}
const result = spawnSync(
  'node',
  ['scripts/prisma.mjs', 'migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { encoding: 'utf8' },
)
if (result.status !== 0) {
  console.error(result.stderr)
  process.exit(result.status ?? 1)
}
const sql = result.stdout.replace(/^Loaded Prisma config.*\n/m, '').trim()
if (!sql || sql === '-- This is an empty migration.') {
  console.log('schema.prisma matches the migrations; nothing to write.')
  process.exit(0)
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
const dir = path.join('prisma/migrations', `${stamp}_${name}`)
fs.mkdirSync(dir, { recursive: true })
fs.writeFileSync(path.join(dir, 'migration.sql'), sql + '\n')
console.log(`Wrote ${dir}/migration.sql — review it, then commit it with schema.prisma.`)
