// Child process of audit.bench.ts: streams the NDJSON export of one
// organization to nowhere and reports its own peak RSS, so the figure is the
// export's, not the benchmark's. Args: <database url> <org id>.
import pg from 'pg'
import { auditNdjson } from '../../../server/audit/export'

const [url, orgId] = process.argv.slice(2) as [string, string]
// The export needs only plain queries: a bare pool, without the ORM loaded,
// so the figure is the export's own footprint.
const pool = new pg.Pool({ connectionString: url, max: 2 })
const db = { query: async <Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Row[] }
let peakRss = process.memoryUsage().rss
const baselineRss = peakRss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 20)
const started = performance.now()
let bytes = 0
let events = 0
for await (const chunk of auditNdjson(db, { orgId, filters: {}, publicKeyPem: null })) {
  bytes += Buffer.byteLength(chunk)
  // Count without allocating: this process's memory is what is measured.
  for (let at = chunk.indexOf('"type":"event"'); at !== -1; at = chunk.indexOf('"type":"event"', at + 1)) events++
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
await pool.end()
console.log(JSON.stringify({ events, bytes, seconds, peakRssMb: peakRss / 2 ** 20, baselineRssMb: baselineRss / 2 ** 20 }))
