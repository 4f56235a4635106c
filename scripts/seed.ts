// Seeds the demo tenant into the configured database (idempotent).
import { getEnv } from '../server/env'
import { openDatabase } from '../server/db/database'
import { migrate } from '../server/db/migrate'
import { demoCredentialsText, seedDemo } from '../prisma/seed'

const env = getEnv()
const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR })
try {
  await migrate(db)
  const { created } = await seedDemo(db)
  console.log(created ? demoCredentialsText(env.appUrl) : 'Demo organization already present.')
} finally {
  await db.close()
}
