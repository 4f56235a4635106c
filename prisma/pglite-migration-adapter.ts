import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'

/**
 * Adapter factory for the Prisma CLI (prisma.config.ts). The CLI's WebAssembly
 * schema engine applies each migration to a shadow database with one
 * `executeRaw` call holding the whole script, which PGlite refuses as a
 * prepared statement; parameterless raw calls are therefore run with `exec`
 * (the simple-query protocol), which accepts many statements.
 */
export function pgliteMigrationAdapter() {
  const factory = new PrismaPGlite(new PGlite())
  type Adapter = Awaited<ReturnType<typeof factory.connect>>
  const withScripts = (adapter: Adapter, client: PGlite): Adapter =>
    Object.assign(Object.create(Object.getPrototypeOf(adapter)), adapter, {
      async executeRaw(query: { sql: string; args: unknown[] }) {
        if (query.args.length > 0) return adapter.executeRaw(query as never)
        const results = await client.exec(query.sql)
        return results.reduce((sum, r) => sum + (r.affectedRows ?? 0), 0)
      },
      async executeScript(script: string) {
        await client.exec(script)
      },
    })
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withScripts(await factory.connect(), (factory as unknown as { client: PGlite }).client),
    connectToShadowDb: async () => {
      const shadow = new PGlite()
      const adapter = await new PrismaPGlite(shadow).connect()
      return withScripts(adapter, shadow)
    },
  }
}
