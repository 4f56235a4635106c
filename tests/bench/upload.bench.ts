// Upload throughput and peak memory for a 1 GiB recording sent over HTTP on
// loopback. Each mode runs its receiving server in a fresh process, so that
// process's peak RSS is the upload's own:
//   baseline  — the request piped straight to a file: the floor any upload pays;
//   ingest    — the product's path: the Node request turned into a web stream
//               as the Remix adapter does, then ingestUpload (type sniffed from
//               the first bytes, size capped, SHA-256 computed, written to the
//               blob store with an atomic rename).
// Reports MB/s and peak RSS for each, and the ratios ingest/baseline.
// UPLOAD_BENCH_MB changes the size (default 1024).
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { figure, recordSummary } from './support/summary'

const sizeMb = Number(process.env.UPLOAD_BENCH_MB ?? 1024)
const totalBytes = sizeMb * 1024 * 1024
type Mode = 'baseline' | 'ingest'
type Report = { mode: Mode; ms: number; bytes: number; sha256: string | null; peakRssMb: number; idleRssMb: number }

/** A WAV header followed by pseudo-random audio-like bytes, produced 1 MiB at a time (never held whole). */
async function* recording(bytes: number) {
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(Math.min(bytes - 8, 0xffffffff), 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(16_000, 24)
  header.writeUInt32LE(32_000, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(Math.min(bytes - 44, 0xffffffff), 40)
  const block = crypto.randomBytes(1024 * 1024)
  yield header
  let sent = header.length
  while (sent < bytes) {
    const chunk = block.subarray(0, Math.min(block.length, bytes - sent))
    sent += chunk.length
    yield chunk
  }
}

async function serve(mode: Mode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-upload-bench-'))
  const { createLocalBlobStore } = await import('../../server/storage/blob-store')
  const { ingestUpload } = await import('../../server/storage/ingest')
  const { createReadableStreamFromReadable } = await import('@remix-run/node')
  const store = createLocalBlobStore(dir)
  const idleRssMb = process.memoryUsage().rss / 1024 ** 2
  const server = http.createServer(async (req, res) => {
    const started = process.hrtime.bigint()
    let sha256: string | null = null
    let bytes = 0
    if (mode === 'baseline') {
      const file = path.join(dir, 'baseline')
      await pipeline(req, fs.createWriteStream(file))
      bytes = fs.statSync(file).size
    } else {
      const body = createReadableStreamFromReadable(req) as unknown as AsyncIterable<Uint8Array>
      const result = await ingestUpload({ store, key: 'org/bench/recordings/one', source: body, maxBytes: 8 * 1024 ** 3, accept: (t) => t.kind === 'audio', acceptedDescription: 'audio' })
      bytes = result.sizeBytes
      sha256 = result.sha256
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    const report: Report = { mode, ms, bytes, sha256, peakRssMb: process.resourceUsage().maxRSS / 1024, idleRssMb }
    res.end(JSON.stringify(report))
    fs.rmSync(dir, { recursive: true, force: true })
    server.close()
  })
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`))
}

async function measure(mode: Mode): Promise<Report> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', mode], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))))
  const response = await new Promise<string>((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/octet-stream', 'content-length': totalBytes } }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => resolve(text))
    })
    request.on('error', reject)
    pipeline(recording(totalBytes), request).catch(reject)
  })
  await new Promise((resolve) => child.once('exit', resolve))
  return JSON.parse(response) as Report
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] as Mode)
} else {
  const results: Report[] = []
  // Alternate, twice each, so that a slow moment of the machine hits both.
  for (const mode of ['baseline', 'ingest', 'baseline', 'ingest'] as Mode[]) results.push(await measure(mode))
  const best = (mode: Mode) => results.filter((r) => r.mode === mode).sort((a, b) => a.ms - b.ms)[0]!
  const base = best('baseline')
  const ingest = best('ingest')
  if (ingest.bytes !== totalBytes || base.bytes !== totalBytes) throw new Error('an upload lost bytes')
  const mbps = (r: Report) => r.bytes / 1024 ** 2 / (r.ms / 1000)
  console.log(`upload of ${sizeMb} MiB over loopback HTTP (best of 2 each)`)
  for (const r of [base, ingest]) {
    console.log(`  ${r.mode.padEnd(8)} ${mbps(r).toFixed(0).padStart(5)} MB/s   peak RSS ${r.peakRssMb.toFixed(0)} MB (idle ${r.idleRssMb.toFixed(0)} MB)`)
  }
  console.log(`  ratio ingest/baseline: time ${(ingest.ms / base.ms).toFixed(2)}×, peak RSS ${(ingest.peakRssMb / base.peakRssMb).toFixed(2)}×`)
  recordSummary(
    {
      measure: `upload of ${sizeMb} MiB, ingest (sniff, cap, SHA-256, atomic write) vs pipe to a file (s)`,
      baseline: `${figure(base.ms / 1000)} s (${figure(mbps(base))} MB/s)`,
      result: `${figure(ingest.ms / 1000)} s (${figure(mbps(ingest))} MB/s)`,
      ratio: ingest.ms / base.ms,
    },
    {
      measure: `upload of ${sizeMb} MiB, receiving process peak RSS, ingest vs pipe to a file (MB)`,
      baseline: `${figure(base.peakRssMb)} MB`,
      result: `${figure(ingest.peakRssMb)} MB`,
      ratio: ingest.peakRssMb / base.peakRssMb,
    },
  )
  console.log(`  peak RSS above idle: baseline ${(base.peakRssMb - base.idleRssMb).toFixed(0)} MB, ingest ${(ingest.peakRssMb - ingest.idleRssMb).toFixed(0)} MB, for a ${sizeMb} MiB file`)
}
