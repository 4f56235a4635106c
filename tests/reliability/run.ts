// npm run test:reliability [-- part…]: the reliability and security proof, one part after another (each starts its
// own servers and must not share the two cores), then one summary table: every check, passed or failed, with its
// figures, headed with the date and the machine. A full run (no arguments) writes the table into docs/reliability.md
// between the reliability-summary markers. Exits 1 if any check failed.
//
// Parts (a prefix of the name selects them): fuzz, http-fuzz, rate-limits, postgres-restart, worker-kill, provider-faults, sqlmap.
// FUZZ_RUNS (500) sets the fuzzing depth. Needs a build (`npm run build`) and PostgreSQL (TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres), and sqlmap for its part.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { adminDatabaseUrl } from '../support/app-process'
import { duration, machine, writeSummarySection } from '../support/run-report'
import type { CheckResult, PartResult } from './report'

type Part = { name: string; command: string[]; env?: Record<string, string>; readChecks?: (file: string) => CheckResult[] }

const fuzzRuns = process.env.FUZZ_RUNS ?? '500'
const databaseUrl = process.env.TEST_DATABASE_URL || adminDatabaseUrl()
const script = (file: string) => ['node', '--import', 'tsx', `tests/reliability/${file}`]

/** Vitest's JSON report as one check per test file: passed tests of all, and the slowest test. */
function vitestChecks(file: string): CheckResult[] {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    testResults: { name: string; assertionResults: { status: string; title: string; duration?: number }[] }[]
  }
  return report.testResults.map((suite) => {
    const tests = suite.assertionResults
    const passed = tests.filter((t) => t.status === 'passed').length
    const failedTitles = tests.filter((t) => t.status === 'failed').map((t) => t.title)
    return {
      check: `Fuzzed input: ${path.basename(suite.name, '.test.ts')}`,
      passed: failedTitles.length === 0 && passed > 0,
      figures: `${passed} of ${tests.length} properties hold at ${fuzzRuns} inputs each${failedTitles.length ? `; failed: ${failedTitles.slice(0, 3).join('; ')}` : ''}`,
    }
  })
}

/** sqlmap from Debian's packages, installed when missing and this user may (as scripts/test.sh does for its tools). */
function ensureSqlmap() {
  if (spawnSync('sqlmap', ['--version'], { stdio: 'ignore' }).status === 0) return
  if (process.getuid?.() !== 0) {
    console.error('The sqlmap part needs sqlmap: run `sudo apt-get install sqlmap`.')
    return
  }
  console.log('Installing sqlmap…')
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  spawnSync('apt-get', ['install', '-y', '-qq', 'sqlmap'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

const parts: Part[] = [
  {
    name: 'fuzz',
    command: ['npx', 'vitest', 'run', 'tests/integration/procedure-fuzz.test.ts', 'tests/integration/endpoint-fuzz.test.ts', '--reporter=default', '--reporter=json'],
    env: { FUZZ_RUNS: fuzzRuns, TEST_DATABASE_URL: databaseUrl },
    readChecks: vitestChecks,
  },
  { name: 'http-fuzz', command: script('http-fuzz.ts'), env: { FUZZ_RUNS: fuzzRuns } },
  { name: 'rate-limits', command: script('rate-limits.ts') },
  { name: 'postgres-restart', command: script('postgres-restart.ts') },
  { name: 'worker-kill', command: script('worker-kill.ts') },
  { name: 'provider-faults', command: script('provider-faults.ts') },
  { name: 'sqlmap', command: script('sqlmap.ts') },
]

const only = process.argv.slice(2)
const selected = parts.filter((part) => only.length === 0 || only.some((o) => part.name.startsWith(o)))
const docsFile = path.resolve('docs/reliability.md')
const markers = { start: '<!-- reliability-summary:start -->', end: '<!-- reliability-summary:end -->' }
if (selected.some((part) => part.name === 'sqlmap')) ensureSqlmap()
const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-reliability-'))
const runDate = new Date().toISOString().slice(0, 10)
const started = performance.now()
const results: PartResult[] = []

for (const part of selected) {
  console.log(`\n=== ${part.name}`)
  const resultFile = path.join(resultDir, `${part.name}.json`)
  const partStarted = performance.now()
  const [command, ...args] = part.command
  const outputArgs = part.readChecks ? [`--outputFile.json=${resultFile}`] : []
  const run = spawnSync(command!, [...args, ...outputArgs], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: databaseUrl, ...part.env, RELIABILITY_RESULT_FILE: resultFile },
  })
  const seconds = Math.round((performance.now() - partStarted) / 1000)
  let checks: CheckResult[] = []
  try {
    checks = part.readChecks ? part.readChecks(resultFile) : (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as PartResult).checks
  } catch {
    // No report: the part died before writing one; the row below says so.
  }
  if (run.status !== 0 && checks.every((c) => c.passed)) {
    checks.push({ check: `${part.name} ran to the end`, passed: false, figures: `exit ${run.status ?? run.signal} after ${duration(seconds)}` })
  }
  results.push({ part: part.name, seconds, checks })
}
fs.rmSync(resultDir, { recursive: true, force: true })

const failed = results.flatMap((r) => r.checks).filter((c) => !c.passed).length
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
const lines = [
  `Run of ${runDate} (UTC): \`npm run test:reliability${only.length ? ` -- ${only.join(' ')}` : ''}\` with FUZZ_RUNS=${fuzzRuns}, ` +
    `${duration((performance.now() - started) / 1000)}; ${results.flatMap((r) => r.checks).length} checks, ${failed} failed.`,
  '',
  `Machine: ${await machine(databaseUrl)}.`,
  '',
  '| part | check | result | figures | time |',
  '|---|---|---|---|---:|',
  ...results.flatMap((r) =>
    r.checks.map((c, i) => `| ${r.part} | ${cell(c.check)} | ${c.passed ? 'pass' : '**FAIL**'} | ${cell(c.figures)} | ${i === 0 ? duration(r.seconds) : ''} |`),
  ),
]
const summary = lines.join('\n')
console.log(`\n${summary}\n`)
if (only.length) console.log(`${path.relative('.', docsFile)} not updated: only a full run (no arguments) writes it`)
else writeSummarySection(docsFile, markers, 'Summary of the latest full run', summary)
process.exit(failed ? 1 : 0)
