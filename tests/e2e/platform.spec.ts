import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { demoOwner, signIn, signUp, uniqueEmail } from './helpers'

// The operator's platform console and what it drives on the public trust
// center: sub-processor announcements and gated documents.
const platformAdmin = { email: 'ops@demo.hireproof.test', password: 'hireproof-demo' }
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

async function signInAsPlatformAdmin(page: Page) {
  await signIn(page, platformAdmin.email, platformAdmin.password)
  await expect(page).toHaveURL(/\/app/)
  await page.goto('/platform')
  await expect(page).toHaveURL(/\/platform\/subprocessors$/)
}

test('the platform console is a 404 for everyone but platform administrators', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app/)
  const response = await page.goto('/platform/documents')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('link', { name: 'Platform console' })).toHaveCount(0)
})

test('a platform admin announces a new sub-processor 30 days ahead; less is refused; the trust center shows it', async ({ page, browser }) => {
  await signInAsPlatformAdmin(page)
  const key = `acme-${Math.random().toString(36).slice(2, 8)}`
  const form = page.getByRole('form', { name: 'Announce a sub-processor change' })
  await form.getByLabel('A new sub-processor').check()
  await form.getByLabel('Sub-processor id').fill(key)
  await form.getByLabel('Summary for customers').fill('Acme Mail is added for transactional email from the EU.')
  for (const [label, value] of [
    ['Name', `Acme Mail ${key}`],
    ['Legal entity', 'Acme Mail GmbH'],
    ['Purpose', 'Transactional email'],
    ['Data shared', 'Recipient address and message content'],
    ['Location', 'Frankfurt, Germany'],
    ['Transfer safeguard', 'Processing in the EU'],
    ['Website (https://)', 'https://acme.example'],
  ] as const) {
    await form.getByLabel(label, { exact: true }).fill(value)
  }
  // The date picker stops earlier dates; the server refuses them too.
  const date = form.getByLabel('Takes effect on')
  await expect(date).toHaveAttribute('min', isoDay(30))
  await date.evaluate((input) => input.removeAttribute('min'))
  await date.fill(isoDay(10))
  await form.getByRole('button', { name: 'Announce change' }).click()
  await expect(page.getByRole('alert').first()).toContainText(`choose ${isoDay(30)} or later`)
  // The form keeps what was typed.
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(`Acme Mail ${key}`)

  await form.getByLabel('Takes effect on').fill(isoDay(31))
  await form.getByRole('button', { name: 'Announce change' }).click()
  await expect(page.getByRole('status')).toContainText(`Announced ${isoDay(31).slice(0, 7)}-${key}-added`)
  await expect(page.getByRole('row', { name: new RegExp(`Acme Mail ${key}`) })).toContainText('(upcoming)')

  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await visitor.goto('/trust/subprocessors')
  const upcoming = visitor.getByRole('region', { name: 'Upcoming changes' }).or(visitor.locator('section[aria-labelledby="upcoming"]'))
  await expect(upcoming).toContainText(`Acme Mail ${key}`)
  await expect(upcoming).toContainText('Acme Mail is added for transactional email from the EU.')
  const feed = (await (await visitor.request.get('/trust/subprocessors.json')).json()) as { changes: { id: string; upcoming: boolean }[] }
  expect(feed.changes.find((c) => c.id === `${isoDay(31).slice(0, 7)}-${key}-added`)?.upcoming).toBe(true)
})

test('a visitor requests a gated document under the NDA; a platform admin approves; the visitor downloads a watermarked PDF', async ({
  page,
  browser,
}) => {
  // The visitor's address belongs to a local account so its mail can be read in the local outbox.
  const email = uniqueEmail('buyer')
  await signUp(page, { name: 'Pat Procurement', email, password: 'procurement-password', org: 'Buyer Ltd' })

  const visitorContext = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true })
  const visitor = await visitorContext.newPage()
  await visitor.goto('/trust/documents')
  const request = visitor.getByRole('form', { name: 'Request a security document' })
  await request.getByLabel('Security architecture overview').check()
  await request.getByLabel('Your name').fill('Pat Procurement')
  await request.getByLabel('Company', { exact: true }).fill('Buyer Ltd')
  await request.getByLabel('Work email').fill(email)
  await expect(visitor.getByRole('region', { name: /Confidentiality terms, version 1\.0/ })).toContainText('Confidential information')
  // Without accepting the NDA the browser (and the server) refuse.
  await request.getByLabel(/I accept these confidentiality terms/).check()
  await request.getByRole('button', { name: 'Request access' }).click()
  await expect(visitor.getByRole('status')).toContainText('We review requests within two business days')

  const admin = await (await browser.newContext()).newPage()
  await signInAsPlatformAdmin(admin)
  await admin.getByRole('link', { name: 'Document requests' }).click()
  const card = admin.getByRole('article').filter({ hasText: email })
  await expect(card).toContainText('Security architecture overview for Buyer Ltd')
  await expect(card).toContainText('version 1.0')
  await card.getByRole('button', { name: 'Approve' }).click()
  await expect(admin.getByRole('status')).toContainText('Approved. The requester was emailed a download link')

  await page.goto('/dev/outbox')
  const mail = (await page.locator('article', { hasText: 'Your Hireproof document: Security architecture overview' }).first().locator('pre').textContent()) ?? ''
  const link = /\/trust\/documents\/download\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0]
  expect(link).toBeTruthy()

  await visitor.goto(link!)
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Security architecture overview')
  await expect(visitor.getByText(`Prepared for Pat Procurement (${email}), Buyer Ltd.`)).toBeVisible()
  const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByRole('button', { name: 'Download PDF' }).click()])
  expect(download.suggestedFilename()).toBe('hireproof-security-architecture.pdf')
  const file = await download.path()
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(text).toContain(`Prepared for Pat Procurement <${email}>, Buyer Ltd.`)
  await visitorContext.close()

  await admin.goto('/platform/documents?status=approved')
  await expect(admin.getByRole('article').filter({ hasText: email })).toContainText(/Downloads\s*1, last/)
})

test('a document request without the NDA or with a bad address is refused with a clear message and never cached', async ({ request }) => {
  const page = await request.get('/trust/documents')
  const sha = /name="ndaSha256" value="([0-9a-f]{64})"/.exec(await page.text())?.[1]
  expect(sha).toBeTruthy()
  const base = { documentId: 'security-architecture', name: 'Pat', company: 'Buyer Ltd', email: uniqueEmail('buyer'), ndaSha256: sha! }
  const noNda = await request.post('/trust/documents', { form: base })
  expect(noNda.status()).toBe(400)
  expect(noNda.headers()['cache-control']).toBe('no-store')
  expect(await noNda.text()).toContain('Accept the confidentiality terms to continue')
  const badEmail = await request.post('/trust/documents', { form: { ...base, email: 'not-an-address', ndaAccepted: 'on' } })
  expect(badEmail.status()).toBe(400)
  expect(await badEmail.text()).toContain('Enter a valid work email address')
})

test('a new organization is on Standard with upgrade notices; a platform admin sets Enterprise and they go', async ({
  page,
  browser,
}) => {
  const org = `Plan Co ${Math.random().toString(36).slice(2, 8)}`
  await signUp(page, { name: 'Paula Plan', email: uniqueEmail('plan'), password: 'plan-e2e-password', org })
  await page.getByRole('link', { name: 'Billing' }).click()
  await expect(page.getByTestId('current-plan')).toHaveText('Standard')
  await expect(page.getByText('A Hireproof platform administrator sets your organization’s plan')).toBeVisible()
  await page.goto('/app/ip-allowlist')
  const notice = page.getByTestId('upgrade-notice')
  await expect(notice).toHaveText('The IP allowlist is part of the Enterprise plan. An owner can upgrade on the Billing page.')
  await notice.getByRole('link', { name: 'Billing page' }).click()
  await expect(page).toHaveURL(/\/app\/billing$/)

  const admin = await (await browser.newContext()).newPage()
  await signInAsPlatformAdmin(admin)
  await admin.getByRole('link', { name: 'Organizations' }).click()
  await admin.getByLabel('Name, slug, id or Stripe customer').fill(org)
  await admin.getByRole('button', { name: 'Search' }).click()
  const form = admin.getByRole('form', { name: `Set the plan of ${org}` })
  await form.getByLabel('Plan').selectOption('ENTERPRISE')
  await form.getByLabel('Reason').fill('Contract HP-E2E-1')
  await form.getByRole('button', { name: 'Set plan' }).click()
  await expect(admin.getByRole('status')).toHaveText('Plan set to Enterprise.')

  await page.reload()
  await expect(page.getByTestId('current-plan')).toHaveText('Enterprise')
  await page.goto('/app/ip-allowlist')
  await expect(page.getByTestId('upgrade-notice')).toHaveCount(0)
  await page.goto('/app/audit')
  await expect(page.getByRole('row').filter({ hasText: 'billing.plan_changed' }).first()).toBeVisible()
})
