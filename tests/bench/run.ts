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
import { readSummary, figure, type StoredRow } from './support/summary'
import { duration, machine, writeSummarySection } from '../support/run-report'
import { adminUrl } from './support/bench-db'

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
  else writeSummarySection(docsFile, markers, 'Summary of the latest full run', summary)
} catch (error) {
  // The summary is a report on the run; the run's verdict is the benches' exit codes.
  console.error(`bench summary failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
}
process.exit(failed ? 1 : 0)

/** Heading lines and one table: a row per recorded measure, plus a "failed" row per bench that exited non-zero. */
async function summaryMarkdown() {
  const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
  const row = (cells: (string | undefined)[]) => `| ${cells.map(cell).join(' | ')} |`
  const lines = [
    `Run of ${runDate} (UTC): \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\`, ${duration(totalSeconds)}; ` +
      `${files.length} benchmark${files.length === 1 ? '' : 's'}, ${failed} failed.`,
    '',
    `Machine: ${await machine(adminUrl)}.`,
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
