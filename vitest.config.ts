import path from 'node:path'
import { defineConfig } from 'vitest/config'

// unit: pure functions, no database. integration: procedures through the
// server-side caller on a real database (see tests/setup/database.ts).
export default defineConfig({
  resolve: { alias: { '~': path.resolve('app') } },
  test: {
    // Services queue email with the process's settings: a Mailgun key in the developer's shell must not send test mail.
    env: { MAILGUN_API_KEY: '', MAILGUN_DOMAIN: '' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
