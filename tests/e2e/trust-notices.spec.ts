import { expect, test } from '@playwright/test'
import { demoOwner, signIn, signUp, uniqueEmail } from './helpers'

test('a visitor subscribes to sub-processor notices without JavaScript and confirms by email (double opt-in)', async ({ page, browser }) => {
  // The address belongs to a local account so its mail can be read in the local outbox.
  const email = uniqueEmail('notices')
  await signUp(page, { name: 'Nora Notices', email, password: 'notices-password', org: 'Notices Co' })

  const visitorContext = await browser.newContext({ javaScriptEnabled: false })
  const visitor = await visitorContext.newPage()
  await visitor.goto('/trust/subprocessors')
  await visitor.getByLabel('Email address').fill(email)
  await visitor.getByRole('button', { name: 'Subscribe' }).click()
  await expect(visitor.getByRole('status')).toContainText('Check your inbox')

  await page.goto('/dev/outbox')
  const text = (await page.locator('article', { hasText: 'Confirm your Hireproof sub-processor notices' }).first().locator('pre').textContent()) ?? ''
  const link = /\/trust\/subscription\/confirm\?token=[A-Za-z0-9_-]+/.exec(text)?.[0]
  expect(link).toBeTruthy()

  await visitor.goto(link!)
  await expect(visitor.getByText(`Send sub-processor change notices to ${email}?`)).toBeVisible()
  await visitor.getByRole('button', { name: 'Confirm' }).click()
  await expect(visitor.getByRole('status')).toContainText(`Done: ${email} will receive an email`)

  // The link works once.
  await visitor.goto(link!)
  await expect(visitor.getByRole('alert')).toContainText('invalid or has expired')
  await visitorContext.close()
})

test('the subscribe form refuses a bad address with a clear message, and its answers are never cached', async ({ request }) => {
  const response = await request.post('/trust/subprocessors', { form: { email: 'not-an-address' } })
  expect(response.status()).toBe(400)
  expect(response.headers()['cache-control']).toBe('no-store')
  expect(await response.text()).toContain('Enter a valid email address')
})

test('an admin sees open sub-processor notices and can object while the notice period runs', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await page.getByRole('link', { name: 'Sub-processors' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sub-processor notices' })).toBeVisible()
  const forms = page.getByRole('form', { name: /^Object to / })
  if ((await forms.count()) === 0) {
    // Nothing is in its notice period on this date: the page says so.
    await expect(page.getByText('No change is in its notice period right now.')).toBeVisible()
    return
  }
  const first = forms.first()
  await first.getByRole('textbox').fill('Our works council has not approved this provider.')
  await first.getByRole('button').click()
  await expect(page.getByRole('status')).toContainText('Your objection is recorded')
  await expect(page.getByText('Your organization objected')).toBeVisible()
})
