// Trust-center throughput: the full app serving /trust/faq against a plain
// node:http server returning the same bytes, measured in the same run (these
// machines are noisy, so only the ratio is meaningful). Also counts the
// JavaScript the trust pages ship, which must be none.
//
// Needs a build (`npm run build`); run with `npm run bench -- trust-center` or
// `node --import tsx tests/bench/trust-center.bench.ts`.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { figure, recordSummary } from './support/summary'

type AutocannonResult = {
  requests: { average: number }
  latency: { p50: number; p99: number; average: number }
  non2xx: number
  errors: number
  timeouts: number
}
type Autocannon = (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const port = 3300
const base = `http://127.0.0.1:${port}`
const connections = 50
const seconds = 10
const warmupSeconds = 2
const goal = 0.5
const trustPages = [
  '/trust',
  '/trust/faq',
  '/trust/faq?q=encryption',
  '/trust/subprocessors',
  '/trust/dpa',
  '/trust/dpa/print',
  '/trust/ai',
  '/trust/privacy',
  '/trust/status',
  '/trust/disclosure',
  '/trust/documents',
]

if (!fs.existsSync(path.resolve('build/index.js'))) {
  console.error('trust-center bench: build/index.js is missing. Run `npm run build` first.')
  process.exit(1)
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-bench-trust-'))
let child: ChildProcess | undefined
let childLog = ''

function stopChild() {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
}
function cleanUp() {
  stopChild()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
process.on('exit', stopChild)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp()
    process.exit(130)
  })
}

async function startApp() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: dataDir,
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    // As deployed: React's development build renders several times slower.
    NODE_ENV: 'production',
  }
  delete env.DATABASE_URL // always the embedded database: this measures page serving, not a remote DB
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk) => (childLog += chunk))
  child.stderr?.on('data', (chunk) => (childLog += chunk))
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}:\n${childLog}`)
    try {
      if ((await fetch(`${base}/healthz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the app did not answer /healthz within 90 s:\n${childLog}`)
}

function servePlain(html: string): Promise<http.Server> {
  const body = Buffer.from(html)
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length })
    res.end(body)
  })
  server.keepAliveTimeout = 65_000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

async function measure(url: string): Promise<AutocannonResult> {
  await autocannon({ url, connections: 10, duration: warmupSeconds })
  const result = await autocannon({ url, connections, duration: seconds })
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  return result
}

/** Bytes of JavaScript a page makes the browser load: inline and external scripts, module preloads. */
async function javaScriptBytes(page: string): Promise<number> {
  const html = await (await fetch(base + page)).text()
  let bytes = 0
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1]!)?.[1]
    bytes += src ? (await (await fetch(new URL(src, base))).arrayBuffer()).byteLength : Buffer.byteLength(m[2]!)
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gi)) {
    bytes += (await (await fetch(new URL(m[1]!, base))).arrayBuffer()).byteLength
  }
  return bytes
}

const row = (cells: string[]) => `${cells[0]!.padEnd(24)}${cells.slice(1).map((c) => c.padStart(12)).join('')}`

async function main() {
  await startApp()
  const response = await fetch(`${base}/trust/faq`)
  if (!response.ok) throw new Error(`/trust/faq answered ${response.status}`)
  const html = await response.text()
  const plain = await servePlain(html)
  try {
    const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`
    console.log(`/trust/faq is ${html.length.toLocaleString('en')} bytes; ${connections} connections, ${seconds} s each after a ${warmupSeconds} s warm-up`)
    const trust = await measure(`${base}/trust/faq`)
    const baseline = await measure(plainUrl)

    let jsBytes = 0
    for (const page of trustPages) jsBytes += await javaScriptBytes(page)

    const ratio = trust.requests.average / baseline.requests.average
    console.log()
    console.log(row(['', 'req/s', 'p50 ms', 'p99 ms']))
    console.log(row(['app /trust/faq', trust.requests.average.toFixed(0), String(trust.latency.p50), String(trust.latency.p99)]))
    console.log(row(['plain node:http', baseline.requests.average.toFixed(0), String(baseline.latency.p50), String(baseline.latency.p99)]))
    console.log()
    console.log(`ratio trust/plain: ${ratio.toFixed(2)}x (goal >= ${goal}x)${ratio >= goal ? '' : '  BELOW GOAL: see docs/trust-center.md, "Performance"'}`)
    console.log(`JavaScript shipped by ${trustPages.length} trust pages: ${jsBytes} bytes (expected 0)`)
    recordSummary(
      {
        measure: 'app /trust/faq vs plain node:http serving the same bytes (requests/s)',
        baseline: `${figure(baseline.requests.average)}/s`,
        result: `${figure(trust.requests.average)}/s`,
        ratio,
        limit: `≥ ${goal}× (goal)`,
        pass: ratio >= goal,
      },
      {
        measure: `JavaScript shipped by ${trustPages.length} trust pages (bytes)`,
        result: String(jsBytes),
        limit: '= 0 (required)',
        pass: jsBytes === 0,
      },
    )
    if (jsBytes > 0) process.exitCode = 1
  } finally {
    plain.closeAllConnections()
    plain.close()
  }
}

main()
  .catch((error: unknown) => {
    console.error(`trust-center bench failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
  .finally(cleanUp)
