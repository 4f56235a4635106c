// A PostgreSQL server of the fault tests' own, in a temporary directory and on its own port, so that it can be crashed
// and restarted without touching the machine's server. Uses Debian's binaries (/usr/lib/postgresql/<version>/bin, or
// PG_BIN); as root, the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error('PostgreSQL server binaries not found (set PG_BIN to the directory holding initdb and pg_ctl)')
  return path.join(root, newest, 'bin')
}

export type ScratchPostgres = {
  url: string
  port: number
  /** Stops the server at once, as a crash would: no checkpoint, recovery from the WAL at the next start. */
  crash(): Promise<void>
  start(): Promise<void>
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>
}

export async function startScratchPostgres(port: number): Promise<ScratchPostgres> {
  const bin = binDir()
  const asRoot = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-pg-'))
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir])
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'pipe' })
  const data = path.join(dir, 'data')
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-instructions', '-E', 'UTF8'])
  // The defaults of a real server where durability matters: fsync and synchronous commit stay on.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), ...args])
  const server: ScratchPostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async crash() {
      pgCtl('stop', '-m', 'immediate', '-w')
    },
    async start() {
      pgCtl('start', '-w', '-t', '60', '-o', options)
    },
    async destroy() {
      try {
        pgCtl('stop', '-m', 'fast', '-w')
      } catch {
        // Already stopped.
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  await server.start()
  process.once('exit', () => {
    try {
      pgCtl('stop', '-m', 'immediate')
    } catch {
      // Already stopped.
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })
  return server
}
