import type { AddressInfo } from 'node:net'
import type { Database } from '../../server/db'
import { createHttpApp } from '../../server/http/app'
import { createLogger } from '../../server/logger'
import { testEnv } from '../factories'

/** The real HTTP app on a free port of 127.0.0.1, for SCIM clients (no pages: those need the Remix build). Returns its /scim/v2 base. */
export async function startScimHttp(db: Database) {
  const app = createHttpApp({
    env: testEnv,
    db,
    logger: createLogger('silent'),
    build: async () => {
      throw new Error('SCIM tests render no pages')
    },
    scimRateLimit: { requestsPerSecond: 100_000, burst: 100_000 },
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
