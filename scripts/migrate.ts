// Applies pending migrations to the configured database (DATABASE_URL, or the embedded PGlite).
import { getEnv } from '../server/env'
import { openDatabase } from '../server/db/database'
import { migrate } from '../server/db/migrate'

const env = getEnv()
const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR })
try {
  const applied = await migrate(db)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.')
} finally {
  await db.close()
}
