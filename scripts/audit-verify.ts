// npm run audit:verify -- --org <organization id>
// Verifies an organization's audit hash chain in the configured database and
// reports the first broken link. Exit 0: intact; 1: broken; 2: usage error.
import { parseArgs } from 'node:util'
import { getEnv } from '../server/env'
import { openDatabase } from '../server/db/database'
import { verifyAuditChain } from '../server/audit/verify'

const { values } = parseArgs({ options: { org: { type: 'string' } } })
if (!values.org) {
  console.error('Usage: npm run audit:verify -- --org <organization id>')
  process.exit(2)
}
const env = getEnv()
const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 })
try {
  const org = await db.prisma.organization.findUnique({ where: { id: values.org }, select: { name: true } })
  const result = await verifyAuditChain(db.prisma, values.org)
  const name = org ? `${org.name} (${values.org})` : values.org
  if (result.ok) {
    console.log(`OK: ${result.checked} events of ${name} verify; head ${result.headSeq} ${result.headHash}`)
  } else {
    console.log(`BROKEN: ${name}: first broken link at event ${result.brokenAtSeq}: ${result.reason} (${result.checked} events verified before it)`)
    process.exitCode = 1
  }
} finally {
  await db.close()
}
