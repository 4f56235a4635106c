// node --import tsx scripts/breach-notice.ts --org <organization id> --file <notice.json> [--send --operator <your email>]
// Emails an organization's owners a personal-data breach notification (server/services/mail/breach-notice.ts).
// Without --send it only shows the recipients and the plain-text email. The JSON holds: reference, summary,
// occurredAt (ISO date-time or null), detectedAt, dataAffected[], actionsTaken[], recommendedActions[], contactEmail.
// Exit 0: shown or queued; 1: refused (unknown organization, no owner, reference already used); 2: usage error.
import fs from 'node:fs'
import os from 'node:os'
import crypto from 'node:crypto'
import { parseArgs } from 'node:util'
import { getEnv } from '../server/env'
import { openDatabase } from '../server/db/database'
import { AppError } from '../server/errors'
import { breachNoticeSchema, previewBreachNotice, sendBreachNotice } from '../server/services/mail/breach-notice'

const usage = 'Usage: node --import tsx scripts/breach-notice.ts --org <id> --file <notice.json> [--send --operator <email>]'
const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    file: { type: 'string' },
    send: { type: 'boolean', default: false },
    operator: { type: 'string' },
  },
})
if (!values.org || !values.file || (values.send && !values.operator)) {
  console.error(usage)
  process.exit(2)
}
const parsed = breachNoticeSchema.safeParse(JSON.parse(fs.readFileSync(values.file, 'utf8')))
if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || 'notice'}: ${i.message}`)
  console.error(`The notice is not valid:\n${problems.join('\n')}`)
  process.exit(2)
}
const env = getEnv()
const db = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 })
try {
  if (!values.send) {
    const preview = await previewBreachNotice(db, values.org, parsed.data)
    console.log(`To the owners of ${preview.orgName}: ${preview.recipients.join(', ')}`)
    console.log(`Subject: ${preview.email.subject}\n\n${preview.email.text}`)
    console.log('Nothing was sent. Add --send --operator <your email> to send it.')
  } else {
    const actor = {
      id: 'script',
      email: values.operator!,
      ip: '',
      userAgent: `scripts/breach-notice.ts on ${os.hostname()}`,
      requestId: crypto.randomUUID(),
    }
    const { orgName, recipients } = await sendBreachNotice(db, actor, values.org, parsed.data)
    console.log(`Queued for the ${recipients.length} owner(s) of ${orgName}; see /dev/outbox locally, or the OutboxEmail rows.`)
  }
} catch (error) {
  if (!(error instanceof AppError)) throw error
  console.error(error.message)
  process.exitCode = 1
} finally {
  await db.close()
}
