// Summary rows a benchmark hands to run.ts for the table in docs/performance.md.
// run.ts names a file in BENCH_RESULT_FILE; each row is appended to it as one JSON line at once, so the rows
// recorded before a crash survive it. Run on its own (no BENCH_RESULT_FILE), recording does nothing.
import fs from 'node:fs'
import path from 'node:path'

export type SummaryRow = {
  /** What is measured, with its unit, e.g. 'hash-chained append, 1 writer (events/s)'. */
  measure: string
  /** The same-run baseline's figure, with its unit; omitted when the measure has no baseline. */
  baseline?: string
  /** The measured figure, with its unit. */
  result: string
  /** result / baseline, in the units shown. */
  ratio?: number
  /** The limit the bench checks or states as its goal, e.g. '≥ 0.5× (goal)', '= 0 (required)'. */
  limit?: string
  /** Whether `limit` is met; omitted when there is no limit. */
  pass?: boolean
}

/** The row as stored: `bench` is the file name without `.bench.ts`. */
export type StoredRow = SummaryRow & { bench: string }

const benchName = () => path.basename(process.argv[1] ?? 'unknown').replace(/\.bench\.[cm]?[jt]s$/, '')

export function recordSummary(...rows: SummaryRow[]) {
  const file = process.env.BENCH_RESULT_FILE
  if (!file) return
  const bench = benchName()
  fs.appendFileSync(file, rows.map((row) => `${JSON.stringify({ bench, ...row } satisfies StoredRow)}\n`).join(''))
}

/** Reads the rows a bench recorded; lines that do not parse (a write cut short) are skipped. */
export function readSummary(file: string): StoredRow[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as StoredRow]
      } catch {
        return []
      }
    })
}

/** A figure for the table: integers as they are; else no decimals from 100 up, one from 10, two below, three below 0.1. */
export const figure = (x: number) =>
  Number.isInteger(x) ? String(x) : x.toFixed(Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 0.1 ? 2 : 3)
