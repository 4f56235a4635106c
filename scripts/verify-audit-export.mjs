#!/usr/bin/env node
// Verifies a Hireproof audit export (NDJSON) offline, with nothing but Node.js:
//   node verify-audit-export.mjs export.ndjson [--public-key key.pem]
// Checks: every event's hash covers its content and its predecessor's hash;
// sequence numbers have no gaps (for unfiltered exports); and each signed
// checkpoint matches the exported event at its sequence number and carries a
// valid Ed25519 signature (by the key in the file, or the one you pass, which
// you should obtain independently). Exit 0 = verified, 1 = problem found.
// The canonical form below must stay identical to server/audit/canonical.ts.
import crypto from 'node:crypto'
import fs from 'node:fs'
import readline from 'node:readline'

const GENESIS = '0'.repeat(64)

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

function eventHash(prevHash, e) {
  const canonical = canonicalJson({
    orgId: e.orgId,
    seq: e.seq,
    action: e.action,
    version: e.version,
    actor: { type: e.actorType, id: e.actorId, email: e.actorEmail },
    targets: e.targets,
    success: e.success,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
    metadata: e.metadata,
    occurredAt: new Date(e.occurredAt).toISOString(),
  })
  return crypto.createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex')
}

const args = process.argv.slice(2)
const file = args.find((a) => !a.startsWith('--'))
const keyArg = args.indexOf('--public-key')
if (!file) {
  console.error('Usage: node verify-audit-export.mjs <export.ndjson> [--public-key <key.pem>]')
  process.exit(2)
}

const problems = []
let header = null
let trailer = null
let count = 0
let previous = null
const hashBySeq = new Map()
let contiguous = true

const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })
for await (const line of lines) {
  if (!line.trim()) continue
  const record = JSON.parse(line)
  if (record.type === 'header') header = record
  else if (record.type === 'checkpoints') trailer = record
  else if (record.type === 'event') {
    count++
    if (eventHash(record.prevHash, record) !== record.hash) problems.push(`event ${record.seq}: content does not match its hash (altered)`)
    if (previous) {
      if (record.seq !== previous.seq + 1) contiguous = false
      else if (record.prevHash !== previous.hash) problems.push(`event ${record.seq}: does not link to event ${previous.seq}`)
    } else if (record.seq === 1 && record.prevHash !== GENESIS) {
      problems.push('event 1: does not start from the genesis hash')
    } else if (record.seq !== 1) contiguous = false
    hashBySeq.set(record.seq, record.hash)
    previous = record
  }
}

if (!header) problems.push('no header line: not a Hireproof audit export')
const filtered = header && Object.keys(header.filters ?? {}).length > 0
if (!contiguous && !filtered) problems.push('sequence numbers have gaps: events were removed')

let checkpointsOk = 0
if (trailer) {
  const publicKey = keyArg >= 0 ? fs.readFileSync(args[keyArg + 1], 'utf8') : trailer.publicKey
  for (const c of trailer.checkpoints ?? []) {
    const statement = canonicalJson({ kind: 'hireproof-audit-checkpoint/1', orgId: header?.orgId, day: c.day, seq: c.seq, hash: c.hash, keyId: c.keyId })
    const signed = publicKey && crypto.verify(null, Buffer.from(statement), publicKey, Buffer.from(c.signature, 'base64'))
    if (!signed) problems.push(`checkpoint ${c.day} (event ${c.seq}): signature does not verify`)
    const exported = hashBySeq.get(c.seq)
    if (exported !== undefined && exported !== c.hash) problems.push(`checkpoint ${c.day}: event ${c.seq} differs from what was signed that day`)
    if (exported === undefined && !filtered) problems.push(`checkpoint ${c.day}: event ${c.seq} is missing from the export`)
    if (signed && exported === c.hash) checkpointsOk++
  }
} else problems.push('no checkpoint line: the export was cut short')

if (problems.length) {
  console.log(`NOT VERIFIED: ${problems.length} problem(s) in ${count} events`)
  for (const p of problems.slice(0, 20)) console.log(`  - ${p}`)
  process.exit(1)
}
console.log(`VERIFIED: ${count} events${filtered ? ' (filtered export: each event checked, chain links where consecutive)' : ', unbroken chain'}; ${checkpointsOk} signed checkpoint(s) match`)
