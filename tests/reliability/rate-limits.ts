// Rate limits, against the production build over HTTP: sign-in (per account, whatever the password), SCIM (per
// token), and the public trust-center forms (per address). Past each limit the answer is 429 with Retry-After, and
// the refused request changes nothing.
// Run: node --import tsx tests/reliability/rate-limits.ts
import crypto from 'node:crypto'
import pg from 'pg'
import { CookieJar, callProcedure, demoOwner, freshDatabase, signIn, startAppProcess } from '../support/app-process'
import { runPart, type CheckResult } from './report'

const port = Number(process.env.FAULT_APP_PORT ?? 3334)

runPart('Rate limits', async () => {
  const databaseUrl = await freshDatabase('hireproof_rate_limits')
  const app = await startAppProcess({ port, databaseUrl })
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    // The sign-in check comes last: it locks the demo owner out for 15 minutes.
    return [await scimLimit(app.base, db), ...(await publicFormLimits(app.base, db)), await signInLimit(app.base)]
  } finally {
    await db.end()
    await app.stop()
  }
})

/** Posts the sign-in form as a browser does, with a fresh CSRF cookie and field. */
async function postSignIn(base: string, email: string, password: string) {
  const jar = new CookieJar().take(await fetch(`${base}/sign-in`))
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password, csrf: jar.get('hp_csrf') ?? '' }),
  })
  jar.take(response)
  return { status: response.status, retryAfter: response.headers.get('retry-after'), signedIn: Boolean(jar.get('hp_session')) }
}

async function signInLimit(base: string): Promise<CheckResult> {
  const statuses: number[] = []
  for (let i = 0; i < 10; i++) statuses.push((await postSignIn(base, demoOwner.email, `wrong-password-${i}`)).status)
  const eleventh = await postSignIn(base, demoOwner.email, demoOwner.password)
  const withinLimit = statuses.every((s) => s === 400 || s === 401 || s === 422)
  return {
    check: 'Sign-in: 10 attempts per account per 15 minutes, then 429 even with the right password',
    passed: withinLimit && eleventh.status === 429 && Boolean(eleventh.retryAfter) && !eleventh.signedIn,
    figures: `attempts 1–10 answered ${[...new Set(statuses)].join('/')}; attempt 11 (right password) ${eleventh.status}, Retry-After ${eleventh.retryAfter ?? 'missing'} s, ${eleventh.signedIn ? 'SIGNED IN' : 'no session'}`,
  }
}

async function scimLimit(base: string, db: pg.Client): Promise<CheckResult> {
  const cookie = await signIn(base)
  await db.query(`UPDATE "Organization" SET plan = 'ENTERPRISE' WHERE name = 'Acme Talent (demo)'`)
  const { token } = await callProcedure<{ token: string }>(base, cookie, 'scim.createToken', { name: 'Rate limit' })
  const headers = { authorization: `Bearer ${token}` }
  const statuses = new Map<number, number>()
  let refusal: { retryAfter: string | null; body: { schemas?: string[]; status?: string } } | undefined
  let next = 0
  const total = 3_000
  const started = Date.now()
  // A cheap authenticated request, many at once: the token's bucket (500, refilled at 100/s) runs dry.
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next++ < total) {
        const response = await fetch(`${base}/scim/v2/Users/no-such-user`, { headers })
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        const body = await response.json()
        if (response.status === 429 && !refusal) refusal = { retryAfter: response.headers.get('retry-after'), body }
      }
    }),
  )
  const seconds = (Date.now() - started) / 1000
  const limited = statuses.get(429) ?? 0
  const schemaOk = refusal?.body.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:Error') && refusal.body.status === '429'
  return {
    check: 'SCIM: a token past its rate (100/s, bursts of 500) gets 429 with Retry-After, in the SCIM error schema',
    passed: limited > 0 && Boolean(refusal?.retryAfter) && Boolean(schemaOk) && (statuses.get(404) ?? 0) >= 500,
    figures: `${total} requests in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s): ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; Retry-After ${refusal?.retryAfter ?? 'missing'} s`,
  }
}

async function publicFormLimits(base: string, db: pg.Client): Promise<CheckResult[]> {
  const post = (url: string, fields: Record<string, string>) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams(fields),
    })
  const page = await (await fetch(`${base}/trust/documents`)).text()
  const ndaSha256 = /name="ndaSha256" value="([0-9a-f]{64})"/.exec(page)?.[1] ?? ''
  const documentId = /name="documentId"[^>]*value="([^"]+)"/.exec(page)?.[1] ?? /value="([a-z0-9-]+)"[^>]*name="documentId"/.exec(page)?.[1] ?? ''
  const forms = [
    {
      name: 'Change-notice subscription (/trust/subprocessors)',
      url: '/trust/subprocessors',
      fields: (email: string) => ({ email }),
      stored: (email: string) => db.query('SELECT 1 FROM "TrustSubscriber" WHERE email = $1', [email]),
    },
    {
      name: 'Security-document request (/trust/documents)',
      url: '/trust/documents',
      fields: (email: string) => ({ documentId, name: 'Rate Limit', company: 'Probe Ltd', email, ndaAccepted: 'on', ndaSha256 }),
      stored: (email: string) => db.query('SELECT 1 FROM "GatedDocumentRequest" WHERE email = $1', [email]),
    },
  ]
  const checks: CheckResult[] = []
  for (const form of forms) {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await post(form.url, form.fields(`visitor-${i}-${crypto.randomBytes(3).toString('hex')}@example.test`))).status)
    const refusedEmail = `visitor-6-${crypto.randomBytes(3).toString('hex')}@example.test`
    const sixth = await post(form.url, form.fields(refusedEmail))
    const stored = (await form.stored(refusedEmail)).rowCount
    checks.push({
      check: `${form.name}: 5 per address per hour, then 429; the refused request stores nothing`,
      passed: statuses.every((s) => s === 200) && sixth.status === 429 && Boolean(sixth.headers.get('retry-after')) && stored === 0,
      figures: `requests 1–5 answered ${[...new Set(statuses)].join('/')}; request 6 ${sixth.status}, Retry-After ${sixth.headers.get('retry-after') ?? 'missing'} s; rows stored for it ${stored}`,
    })
  }
  return checks
}
