// npm run bench: runs every tests/bench/*.bench.ts in its own process, one
// after another (they measure, so they must not share the two cores), and
// prints what each reports. A benchmark reports ratios against a baseline it
// measures in the same run, because these machines are noisy.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const only = process.argv.slice(2)
const dir = path.resolve('tests/bench')
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()

let failed = 0
for (const file of files) {
  console.log(`\n=== ${file}`)
  const result = spawnSync('node', ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    failed++
    console.error(`${file} failed (exit ${result.status})`)
  }
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`)
process.exit(failed ? 1 : 0)
