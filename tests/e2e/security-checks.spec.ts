import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { demoOwner, signIn } from './helpers'

/**
 * Checks over every form action of the app, found from the route files (a new
 * route is covered without editing this test), against the production build:
 * a cross-site POST is refused, and a signed-in POST without the CSRF token
 * changes nothing. Also: no open redirect after sign-in, and a session cookie
 * planted before sign-in is never the one that signs in (session fixation).
 */
const routesDir = path.resolve('app/routes')

/** The URL of a flat route file: dots are slashes, `$param`s get a value, `_index` and `name_` segments drop out. */
function urlOf(file: string) {
  const segments = file
    .replace(/\.(tsx|ts)$/, '')
    .replace(/\[\.\]/g, '\u0001')
    .split('.')
    .filter((s) => s !== '_index')
    .map((s) => s.replace(/_$/, '').replace(/\u0001/g, '.'))
    .map((s) => (s === '$' ? 'splat' : s.startsWith('$') ? 'not-a-real-id-0000000000000000000000000' : s))
  return `/${segments.join('/')}`
}

const actionRoutes = fs
  .readdirSync(routesDir)
  .filter((file) => /export (async function|const|function) action\b/.test(fs.readFileSync(path.join(routesDir, file), 'utf8')))
  .map((file) => ({ file, url: urlOf(file) }))

/** Not for browsers: each proves who is calling by a signature the sender computes, not by a cookie. */
const signedByTheirSender = new Set(['webhooks.clerk.ts', 'webhooks.mailgun.inbound.ts', 'webhooks.meeting-bot.ts', 'webhooks.stripe.ts', 'sso.acs.$orgId.ts'])
/**
 * Forms that act on no session, so there is none to ride (cross-site posts are refused like everywhere else):
 * a candidate's own pages, where the secret token in the address is the credential; the public trust center, served
 * from a shared cache without cookies and rate-limited. The tRPC endpoint takes JSON, which a cross-site form cannot
 * send without a preflight.
 */
const noSessionForm = (file: string) => ['consent.$token.tsx', 'video.$token.tsx', 'api.trpc.$.ts'].includes(file) || file.startsWith('trust.')

test('every form action refuses a cross-site POST', async ({ request }) => {
  expect(actionRoutes.length).toBeGreaterThan(40)
  for (const { file, url } of actionRoutes) {
    if (signedByTheirSender.has(file)) continue
    const response = await request.post(url, { headers: { Origin: 'https://evil.example' }, form: { intent: 'delete' }, maxRedirects: 0 })
    expect(response.status(), `${file} → ${url}`).toBe(403)
  }
})

test('every form action refuses a signed-in POST without the CSRF token, and nothing changes', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  const auditBefore = await page.request.get('/app/audit').then((r) => r.text())
  for (const { file, url } of actionRoutes) {
    if (signedByTheirSender.has(file) || noSessionForm(file)) continue
    const response = await page.request.post(url, { form: { intent: 'delete', name: 'x' }, maxRedirects: 0 })
    expect(response.status(), `${file} → ${url}`).toBe(403)
  }
  // Still signed in (sign-out refused too), and the audit log's first page is as it was.
  await page.goto('/app')
  await expect(page).toHaveURL(/\/app$/)
  const auditAfter = await page.request.get('/app/audit').then((r) => r.text())
  const firstEvent = (html: string) => /href="\/app\/audit\/([0-9a-f-]{36})"/.exec(html)?.[1]
  expect(firstEvent(auditBefore)).toBeTruthy()
  expect(firstEvent(auditAfter)).toBe(firstEvent(auditBefore))
})

test('sign-in never redirects off the site, whatever redirectTo says', async ({ page }) => {
  for (const target of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', '/%2F%2Fevil.example', 'javascript:alert(1)']) {
    // Leave the last page first: a request it still had in flight would get a new CSRF cookie after the clearing, and
    // the next form would then carry a token that no longer matches.
    await page.goto('about:blank')
    await page.context().clearCookies()
    await page.goto(`/sign-in?redirectTo=${encodeURIComponent(target)}`)
    await page.getByLabel('Email').fill(demoOwner.email)
    await page.getByLabel('Password').fill(demoOwner.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).not.toHaveURL(/\/sign-in/)
    expect(new URL(page.url()).host, target).toBe(new URL(test.info().project.use.baseURL!).host)
    await page.waitForLoadState('networkidle')
  }
})

test('a session cookie planted before sign-in is not the session that signs in', async ({ page, context }) => {
  const baseURL = test.info().project.use.baseURL!
  await page.goto('/sign-in')
  const name = (await context.cookies()).find((c) => c.name.endsWith('hp_csrf'))!.name.replace('hp_csrf', 'hp_session')
  await context.addCookies([{ name, value: 'planted-session-token-000000000000000000000', url: baseURL }])
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  const session = (await context.cookies()).find((c) => c.name === name)
  expect(session?.value).toBeTruthy()
  expect(session!.value).not.toBe('planted-session-token-000000000000000000000')
})

test('file routes never read outside the blob store, whatever the path holds', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  const attempts = [
    '/app/interviews/..%2F..%2F..%2Fetc%2Fpasswd/recording',
    '/app/interviews/x/answers/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/app/interviews/x/answers/%2Fetc%2Fpasswd',
    '/video/..%2F..%2Fetc/takes/passwd',
    '/video/not-a-token/takes/..%2F..%2F..%2Fetc%2Fpasswd',
    '/app/candidates/..%2F..%2Fetc%2Fpasswd/cv',
    '/build/..%2F..%2F..%2Fetc%2Fpasswd',
    '/..%2F..%2F..%2Fetc%2Fpasswd',
    '/trust/documents/download?token=..%2F..%2F..%2Fetc%2Fpasswd',
  ]
  for (const url of attempts) {
    const response = await page.request.get(url, { maxRedirects: 0 })
    expect(response.status(), url).toBeLessThan(500)
    expect(await response.text(), url).not.toContain('root:x:0:0')
    // The file routes answer with an error, never a file.
    if (/\/(recording|answers|takes|cv)\b/.test(url)) expect(response.status(), url).toBeGreaterThanOrEqual(400)
  }
})
