// What the bench and reliability runners print at the end and write into docs/: the machine they ran on, durations,
// and a summary section kept between two marker comments so the hand-written rest of the page stays as it is.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export function duration(seconds: number) {
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

/** The server version of the PostgreSQL at `databaseUrl`, or why it is unknown. */
async function postgresVersion(databaseUrl: string) {
  try {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000, query_timeout: 3000 })
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

/** CPU, cores, memory, operating system, Node.js and the PostgreSQL server at `databaseUrl`, on one line. */
export async function machine(databaseUrl: string) {
  const cpus = os.cpus()
  const cpu = `${cpus[0]?.model.trim() || 'unknown CPU'}, ${cpus.length} cores`
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`
  return [cpu, memory, operatingSystem(), `Node.js ${process.version}`, await postgresVersion(databaseUrl)].join('; ')
}

/** Replaces what lies between the markers; without markers, adds a section for them before the first `## `. */
export function writeSummarySection(docsFile: string, markers: { start: string; end: string }, heading: string, summary: string) {
  const text = fs.existsSync(docsFile) ? fs.readFileSync(docsFile, 'utf8') : `# ${path.basename(docsFile, '.md')}\n`
  const block = `${markers.start}\n\n${summary}\n\n${markers.end}`
  const from = text.indexOf(markers.start)
  const to = text.indexOf(markers.end)
  let next: string
  if (from !== -1 && to > from) {
    next = text.slice(0, from) + block + text.slice(to + markers.end.length)
  } else if (from === -1 && to === -1) {
    const section = `## ${heading}\n\n${block}\n\n`
    const at = text.search(/^## /m)
    next = at === -1 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, at) + section + text.slice(at)
  } else {
    console.error(`${path.relative('.', docsFile)} not updated: its summary markers are incomplete or out of order`)
    return
  }
  fs.writeFileSync(docsFile, next)
  console.log(`summary written to ${path.relative('.', docsFile)}`)
}
