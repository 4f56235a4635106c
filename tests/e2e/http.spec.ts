import { expect, test } from '@playwright/test'
import { demoOwner } from './helpers'

test('health check reports the database', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toMatchObject({ status: 'ok' })
})

test('pages carry security headers and a request id', async ({ request }) => {
  const response = await request.get('/sign-in')
  const headers = response.headers()
  expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  expect(headers['x-powered-by']).toBeUndefined()
})

test('cross-site posts and posts without the CSRF token are refused', async ({ request }) => {
  const crossSite = await request.post('/sign-in', {
    headers: { Origin: 'https://evil.example' },
    form: { email: demoOwner.email, password: demoOwner.password },
    maxRedirects: 0,
  })
  expect(crossSite.status()).toBe(403)

  await request.get('/sign-in') // receives the CSRF cookie
  const noToken = await request.post('/sign-in', {
    form: { email: demoOwner.email, password: demoOwner.password },
    maxRedirects: 0,
  })
  expect(noToken.status()).toBe(403)
})

test('the session cookie is HttpOnly and SameSite=Lax', async ({ page, context }) => {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(demoOwner.email)
  await page.getByLabel('Password').fill(demoOwner.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/app$/)
  const session = (await context.cookies()).find((c) => c.name.endsWith('hp_session'))
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
})

test('the API rejects bad input with 400 and a readable message', async ({ request }) => {
  const response = await request.post('/api/trpc/auth.signIn', { data: { email: 'nope' } })
  expect(response.status()).toBe(400)
  const body = await response.json()
  expect(body.error.message).toMatch(/email: Enter a valid email address/)
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/)
})
