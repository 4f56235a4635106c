import { defineConfig } from 'prisma/config'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { pgliteMigrationAdapter } from './prisma/pglite-migration-adapter'

// The CLI is used offline only to generate the client and to diff the schema
// against the migrations (in-memory PGlite shadow database). Migrations are
// applied by server/db/migrate.ts: see prisma/README.md.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    // Typed against an older adapter-utils release; the runtime shapes match.
    return pgliteMigrationAdapter() as unknown as SqlMigrationAwareDriverAdapterFactory
  },
})
