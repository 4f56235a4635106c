import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/e2e/chromium'

// End-to-end tests drive Debian's chromium against the production build,
// served by tests/e2e/server.ts on a freshly reset database.
const port = Number(process.env.E2E_PORT ?? 3100)
const baseURL = `http://127.0.0.1:${port}`
/** The DNS server the identity e2e test runs for domain verification (tests/support/dns-server.ts). */
const e2eDnsPort = port + 53

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node --import tsx tests/e2e/server.ts',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    // No Mailgun, whatever the shell holds: the specs read mail in the local outbox (/dev/outbox).
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: baseURL,
      SEED_DEMO: 'always',
      LOG_LEVEL: 'warn',
      DNS_SERVERS: `127.0.0.1:${e2eDnsPort}`,
      MAILGUN_API_KEY: '',
      MAILGUN_DOMAIN: '',
      // Product analytics into the local event log, never to a PostHog key the shell may hold.
      ANALYTICS: 'local',
      // No Stripe either: plans are set by the platform admin (tests/integration/billing.test.ts covers Stripe).
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      STRIPE_PRICE_ENTERPRISE: '',
      STRIPE_API_BASE: '',
    },
  },
})
