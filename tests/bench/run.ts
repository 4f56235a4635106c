// npm run bench [-- prefix…]: runs every tests/bench/*.bench.ts (or those whose names start with a prefix) in its
// own process, one after another (they measure, so they must not share the two cores), and prints what each
// reports. A benchmark reports ratios against a baseline it measures in the same run, because these machines are
// noisy.
//
// Each bench also records summary rows (support/summary.ts) into the file named by BENCH_RESULT_FILE. At the end
// one Markdown table of all rows is printed, headed with the date (UTC) and the machine; a bench that exits
// non-zero gets a "failed" row (its own rows, if any, stay). Only a full run (no prefix) writes that table into
// docs/performance.md, between the bench-summary markers: the table describes one run on one machine, so a
// filtered run, which would mix runs under one heading, leaves the docs alone. Exits 1 if any bench failed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { readSummary, figure, type StoredRow } from './support/summary'

type Outcome = { bench: string; status: number | null; signal: string | null; seconds: number; rows: StoredRow[] }

const only = process.argv.slice(2)
const dir = path.resolve('tests/bench')
const docsFile = path.resolve('docs/performance.md')
const markers = { start: '<!-- bench-summary:start -->', end: '<!-- bench-summary:end -->' }
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()

const runDate = new Date().toISOString().slice(0, 10)
const runStarted = performance.now()
const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-bench-results-'))
const outcomes: Outcome[] = []
let failed = 0
for (const file of files) {
  console.log(`\n=== ${file}`)
  const bench = file.replace(/\.bench\.ts$/, '')
  const resultFile = path.join(resultDir, `${bench}.ndjson`)
  const started = performance.now()
  const env = { ...process.env, BENCH_RESULT_FILE: resultFile }
  const result = spawnSync('node', ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) {
    failed++
    console.error(`${file} failed (exit ${result.status ?? result.signal})`)
  }
  console.log(`${file}: ${duration(seconds)}`)
  outcomes.push({ bench, status: result.status, signal: result.signal, seconds, rows: readSummary(resultFile) })
}
fs.rmSync(resultDir, { recursive: true, force: true })
const totalSeconds = (performance.now() - runStarted) / 1000
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`)

try {
  const summary = await summaryMarkdown()
  console.log(`\n${summary}\n`)
  if (only.length) console.log(`${path.relative('.', docsFile)} not updated: only a full run (no arguments) writes it`)
  else writeDocs(summary)
} catch (error) {
  // The summary is a report on the run; the run's verdict is the benches' exit codes.
  console.error(`bench summary failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
}
process.exit(failed ? 1 : 0)

function duration(seconds: number) {
  const s = Math.round(seconds)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** PRETTY_NAME from /etc/os-release, else the kernel's type and release. */
function operatingSystem() {
  try {
    const line = fs.readFileSync('/etc/os-release', 'utf8').split('\n').find((l) => l.startsWith('PRETTY_NAME='))
    const name = line?.slice('PRETTY_NAME='.length).trim().replace(/^(["'])(.*)\1$/, '$2')
    if (name) return name
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`
}

/** The server version of the benches' PostgreSQL (support/bench-db.ts `adminUrl`), or why it is unknown. */
async function postgresVersion() {
  try {
    const { adminUrl } = await import('./support/bench-db')
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000, query_timeout: 3000 })
    await client.connect()
    try {
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version')
      return `PostgreSQL ${rows[0]?.server_version ?? 'version unknown'}`
    } finally {
      await client.end()
    }
  } catch (error) {
    return `PostgreSQL not reachable (${error instanceof Error ? error.message : String(error)})`
  }
}

async function machine() {
  const cpus = os.cpus()
  const cpu = `${cpus[0]?.model.trim() || 'unknown CPU'}, ${cpus.length} cores`
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`
  return [cpu, memory, operatingSystem(), `Node.js ${process.version}`, await postgresVersion()].join('; ')
}

/** Heading lines and one table: a row per recorded measure, plus a "failed" row per bench that exited non-zero. */
async function summaryMarkdown() {
  const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
  const row = (cells: (string | undefined)[]) => `| ${cells.map(cell).join(' | ')} |`
  const lines = [
    `Run of ${runDate} (UTC): \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\`, ${duration(totalSeconds)}; ` +
      `${files.length} benchmark${files.length === 1 ? '' : 's'}, ${failed} failed.`,
    '',
    `Machine: ${await machine()}.`,
    '',
    row(['bench', 'measure', 'baseline', 'result', 'ratio', 'limit', 'verdict']),
    '|---|---|---:|---:|---:|---|---|',
  ]
  for (const outcome of outcomes) {
    for (const r of outcome.rows) {
      const verdict = r.pass === undefined ? '' : r.pass ? 'pass' : '**fail**'
      const ratio = typeof r.ratio === 'number' && Number.isFinite(r.ratio) ? `${figure(r.ratio)}×` : ''
      lines.push(row([r.bench, r.measure, r.baseline, r.result, ratio, r.limit, verdict]))
    }
    if (outcome.status !== 0) {
      const exit = outcome.status === null ? `killed (${outcome.signal})` : `exit ${outcome.status}`
      const measure = `benchmark process, after ${duration(outcome.seconds)}`
      lines.push(row([outcome.bench, measure, '', exit, '', 'exit 0', '**failed**']))
    } else if (!outcome.rows.length) {
      lines.push(row([outcome.bench, 'no summary rows recorded', '', '', '', '', '']))
    }
  }
  return lines.join('\n')
}

/** Replaces what lies between the markers; without markers, adds a section for them before the first `## `. */
function writeDocs(summary: string) {
  const text = fs.existsSync(docsFile) ? fs.readFileSync(docsFile, 'utf8') : '# Performance\n'
  const block = `${markers.start}\n\n${summary}\n\n${markers.end}`
  const from = text.indexOf(markers.start)
  const to = text.indexOf(markers.end)
  let next: string
  if (from !== -1 && to > from) {
    next = text.slice(0, from) + block + text.slice(to + markers.end.length)
  } else if (from === -1 && to === -1) {
    const section = `## Summary of the latest full run\n\n${block}\n\n`
    const at = text.search(/^## /m)
    next = at === -1 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, at) + section + text.slice(at)
  } else {
    console.error(`${path.relative('.', docsFile)} not updated: its bench-summary markers are incomplete or out of order`)
    return
  }
  fs.writeFileSync(docsFile, next)
  console.log(`summary written to ${path.relative('.', docsFile)}`)
}
