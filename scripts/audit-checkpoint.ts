// npm run audit:checkpoint — signs today's checkpoint for every organization
// that has audit events and no checkpoint yet today (idempotent).
import { getEnv } from '../server/env'
import { openDatabase } from '../server/db/database'
import { createDailyCheckpoints } from '../server/audit/checkpoint'
import { getAuditSigningKey } from '../server/audit/signing-key'

const env = getEnv()
const key = getAuditSigningKey(env)
if (!key) {
  console.error('AUDIT_SIGNING_KEY is not set: no checkpoint can be signed.')
  process.exit(1)
}
const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 })
try {
  console.log(`Signed ${await createDailyCheckpoints(db, key)} checkpoint(s) with key ${key.keyId}.`)
} finally {
  await db.close()
}
