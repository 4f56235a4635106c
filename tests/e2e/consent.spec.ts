import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoOwner, signIn, uniqueEmail } from './helpers'

const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)

/**
 * KVKK: a candidate in Türkiye gets the consent request in Turkish, reads the
 * Turkish notice on their own page (no account, no JavaScript), gives explicit
 * consent to each purpose including processing abroad, and the recruiter can
 * then record; the opt-out link withdraws everything and recording stops again.
 */
test('a candidate in Türkiye reads the Turkish notice, consents without JavaScript, and opts out again', async ({ page, browser }) => {
  test.setTimeout(90_000)
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  await page.goto('/app/jobs')
  const title = `İstanbul analyst ${Date.now()}`
  await page.getByRole('form', { name: 'New job' }).getByLabel('Title').fill(title)
  await page.getByRole('button', { name: 'Create job' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const candidateEmail = uniqueEmail('deniz')
  const add = page.getByRole('form', { name: 'Add a candidate' })
  await add.getByLabel('Name').fill('Deniz Yılmaz')
  await add.getByLabel('Email').fill(candidateEmail)
  await add.getByLabel(/Country of residence/).selectOption('TR')
  await add.getByRole('button', { name: 'Add candidate' }).click()
  await expect(page.getByRole('status')).toHaveText('Candidate added to Applied.')
  await page.getByRole('form', { name: 'New interview with Deniz Yılmaz' }).getByRole('button', { name: 'New interview' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Interview' })).toBeVisible()
  const interviewUrl = page.url()

  // Nothing can be recorded before the candidate's consent.
  await expect(page.getByRole('note').first()).toContainText('has not consented to being recorded and processing outside Türkiye (KVKK)')
  await expect(page.getByRole('form', { name: 'Upload a recording' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Open the candidate’s page' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Deniz Yılmaz' })).toBeVisible()
  const candidateUrl = page.url()
  const consent = page.getByRole('region', { name: 'Consent' })
  await expect(consent).toContainText('Candidate in Türkiye (KVKK)')
  await expect(consent.getByText('Record consent given in person')).toHaveCount(0)
  await consent.getByRole('button', { name: 'Send the consent request' }).click()
  await expect(page.getByRole('status')).toContainText('The consent request was emailed to the candidate')

  // The email, in Turkish, with a link to answer and one to opt out.
  await page.goto('/dev/outbox')
  const email = page.getByRole('article').filter({ hasText: candidateEmail }).first()
  await expect(email.getByRole('heading')).toContainText('mülakatlarınızın kaydı ve analizi için onayınız')
  const text = (await email.locator('pre').textContent()) ?? ''
  const consentUrl = /https?:\/\/\S+\/consent\/[A-Za-z0-9_-]{43}(?=\s)/.exec(text)?.[0]
  const withdrawUrl = /https?:\/\/\S+\/consent\/[A-Za-z0-9_-]{43}\?withdraw=1/.exec(text)?.[0]
  expect(consentUrl).toBeTruthy()
  expect(withdrawUrl).toBeTruthy()
  // Opening the page changes nothing; checked for accessibility here, where scripts may run.
  await page.goto(consentUrl!)
  expect(await seriousViolations(page)).toEqual([])

  // The candidate, in a browser of their own with JavaScript off.
  const candidateContext = await browser.newContext({ javaScriptEnabled: false })
  const candidate = await candidateContext.newPage()
  await candidate.goto(consentUrl!)
  await expect(candidate.locator('html')).toHaveAttribute('lang', 'tr')
  await expect(candidate.getByRole('heading', { level: 1 })).toContainText('aydınlatma metni ve açık rıza (KVKK)')
  await expect(candidate.getByText('KVKK’nın 11. maddesi uyarınca')).toBeVisible()
  await expect(candidate.getByRole('group', { name: 'Verilerinizin yurt dışında işlenmesi' })).toContainText('Avrupa Birliği’nde bulunan sunucularda')
  await candidate.getByLabel('Mülakatlarımın kaydedilmesini ve yazıya dökülmesini kabul ediyorum.').check()
  await candidate.getByLabel('Mülakat dökümlerimin yapay zekâ ile analiz edilmesini kabul ediyorum.').check()
  await candidate.getByLabel(/Türkiye dışında işlenmesine açık rıza veriyorum/).check()
  await candidate.getByRole('button', { name: 'Yanıtlarımı kaydet' }).click()
  await expect(candidate.getByRole('status')).toHaveText(/Yanıtlarınız kaydedildi/)
  await expect(candidate.getByText('Kabul ettiniz')).toHaveCount(3)

  // The recruiter sees each answer with its language and notice version, and can now record.
  await page.goto(interviewUrl)
  await expect(page.getByRole('form', { name: 'Upload a recording' })).toBeVisible()
  await page.goto(candidateUrl)
  const transfer = page.getByRole('row', { name: /^Processing outside Türkiye/ })
  await expect(transfer).toContainText('Agreed')
  await expect(transfer).toContainText('by the candidate, on their page')
  await expect(transfer).toContainText(/Turkish, version [0-9a-f]{12}/)

  // The opt-out link: nothing changes until the candidate presses the button.
  await candidate.goto(withdrawUrl!)
  await expect(candidate.getByText('Kabul ettiniz')).toHaveCount(3)
  await candidate.getByRole('button', { name: 'Tüm rızalarımı geri al' }).click()
  await expect(candidate.getByRole('status')).toHaveText('Tamamlandı: tüm rızalarınız geri alındı.')
  await expect(candidate.getByText('Kabul etmediniz')).toHaveCount(3)
  await candidateContext.close()

  await page.goto(interviewUrl)
  await expect(page.getByRole('form', { name: 'Upload a recording' })).toHaveCount(0)
  await expect(page.getByRole('note').first()).toContainText('has not consented')
})

test('a consent link that does not exist says so, in a page that needs no account', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  const response = await page.goto(`/consent/${'x'.repeat(43)}`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('alert')).toContainText('This consent link is not valid')
  expect(response?.headers()['cache-control']).toContain('no-store')
  await context.close()
})

test('the app asks about analytics cookies once, and sets none but the necessary ones until allowed', async ({ page, context }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  const banner = page.getByRole('complementary', { name: 'Cookies' })
  await expect(banner).toBeVisible()
  await page.goto('/app/jobs')
  const names = async () => (await context.cookies()).map((c) => c.name).sort()
  // Before any answer: the session and the CSRF token, nothing else (no PostHog, no analytics).
  expect(await names()).toEqual(['hp_csrf', 'hp_session'])
  await banner.getByRole('button', { name: 'Only necessary cookies' }).click()
  await expect(page).toHaveURL(/\/app\/jobs$/)
  await expect(banner).toHaveCount(0)
  expect(await names()).toEqual(['hp_analytics', 'hp_csrf', 'hp_session'])
  const answer = (await context.cookies()).find((c) => c.name === 'hp_analytics')!
  expect(answer).toMatchObject({ value: 'denied', httpOnly: true, sameSite: 'Lax' })
  await page.reload()
  await expect(banner).toHaveCount(0)
})

test('analytics cookies can be allowed later from the account’s privacy page', async ({ page, context }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  await page.goto('/app/account/privacy')
  const cookies = page.getByRole('region', { name: 'Cookies on this browser' })
  await cookies.getByRole('button', { name: 'Allow analytics' }).click()
  await expect(cookies).toContainText('You allowed analytics cookies on this browser.')
  await expect(page.getByRole('complementary', { name: 'Cookies' })).toHaveCount(0)
  expect((await context.cookies()).find((c) => c.name === 'hp_analytics')?.value).toBe('granted')
  // Analytics run on the server (server/providers/analytics): allowing them adds no cookie, first- or third-party,
  // not even after an action that is reported.
  await page.goto('/app/jobs')
  await page.getByRole('form', { name: 'New job' }).getByLabel('Title').fill(`Analytics check ${Date.now()}`)
  await page.getByRole('button', { name: 'Create job' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Analytics check/ })).toBeVisible()
  const after = await context.cookies()
  expect(after.map((c) => c.name).sort()).toEqual(['hp_analytics', 'hp_csrf', 'hp_session'])
  expect(new Set(after.map((c) => c.domain))).toEqual(new Set([new URL(page.url()).hostname]))
})
