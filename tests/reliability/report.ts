// What each part of the reliability suite reports, so that `npm run test:reliability` can print one summary table at the
// end and write it to docs/reliability.md. A part is a script that exits non-zero when any check fails and, when
// RELIABILITY_RESULT_FILE is set, writes its checks there as JSON.
import fs from 'node:fs'

export type CheckResult = {
  /** What was checked, in a few words ("PostgreSQL restarted during writes"). */
  check: string
  passed: boolean
  /** The figures behind the verdict ("1 204 writes acknowledged, 1 204 stored; 2.1 s to recover"). */
  figures: string
}

export type PartResult = { part: string; seconds: number; checks: CheckResult[] }

export function reportPart(result: PartResult) {
  for (const check of result.checks) console.log(`${check.passed ? 'PASS' : 'FAIL'}  ${check.check}: ${check.figures}`)
  const file = process.env.RELIABILITY_RESULT_FILE
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2))
  return result.checks.every((check) => check.passed)
}

/** Runs a part's `main`, reports it, and exits 1 when a check failed or the part itself threw. */
export function runPart(part: string, main: () => Promise<CheckResult[]>) {
  const started = Date.now()
  main()
    .then((checks) => {
      const passed = reportPart({ part, seconds: Math.round((Date.now() - started) / 1000), checks })
      process.exit(passed && checks.length > 0 ? 0 : 1)
    })
    .catch((error: unknown) => {
      console.error(error)
      reportPart({
        part,
        seconds: Math.round((Date.now() - started) / 1000),
        checks: [{ check: `${part} ran to the end`, passed: false, figures: error instanceof Error ? error.message.split('\n')[0]! : String(error) }],
      })
      process.exit(1)
    })
}
