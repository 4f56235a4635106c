import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { demoOwner, signIn, signOut, signUp, uniqueEmail } from './helpers'
import { base32Decode, totp } from '../../server/auth/totp'
import { createTestIdp } from '../support/saml-idp'
import { startTestIdpServer } from '../support/saml-idp-server'
import { startDnsServer } from '../support/dns-server'

// The same port playwright.config.ts gives the app in DNS_SERVERS.
const dnsPort = Number(process.env.E2E_PORT ?? 3100) + 53

test('a user enrols in two-factor authentication with the QR page, then signs in with a code and with a recovery code', async ({ page }) => {
  const email = uniqueEmail('tfa')
  const password = 'a long enough password'
  await signUp(page, { name: 'Tess Factor', email, password, org: 'Two Factor Ltd' })
  await page.goto('/app/account/security')
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  const key = base32Decode((await page.getByTestId('totp-manual-key').innerText()).replace(/\s/g, ''))

  const confirm = page.getByRole('form', { name: 'Confirm two-factor authentication' })
  await confirm.getByLabel('6-digit code').fill('000000')
  await confirm.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByRole('alert').first()).toContainText('not valid')
  await confirm.getByLabel('6-digit code').fill(totp(key, new Date()))
  await confirm.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByRole('status')).toContainText('Two-factor authentication is on')
  const recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts()
  expect(recoveryCodes).toHaveLength(10)

  // Password alone no longer opens a session.
  await signOut(page)
  await signIn(page, email, password)
  await expect(page).toHaveURL(/\/sign-in\/two-factor/)
  await page.goto('/app')
  await expect(page).toHaveURL(/\/sign-in/)
  await signIn(page, email, password)
  await page.getByLabel('Authentication code').fill('123456')
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('alert').first()).toContainText('not valid')
  // The next step's code: the enrolment used the current one, and each code is accepted once.
  await page.getByLabel('Authentication code').fill(totp(key, new Date(Date.now() + 30_000)))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page).toHaveURL(/\/app$/)

  await signOut(page)
  await signIn(page, email, password)
  await page.getByLabel('Authentication code').fill(recoveryCodes[0]!)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page).toHaveURL(/\/app$/)
  await page.goto('/app/account/security')
  await expect(page.getByText('9 of 10 recovery codes left')).toBeVisible()

  // As the organization's owner, with a factor of their own, they can require one of every member.
  await page.getByRole('link', { name: 'Security', exact: true }).click()
  await page.getByRole('button', { name: 'Require two-factor authentication' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved.')
  await expect(page.getByText('Required')).toBeVisible()
})

test('an admin sets up SAML with a verified domain and a test sign-in; a new colleague then signs in through the identity provider', async ({ page }) => {
  const domain = `sso-${Date.now()}.example.test`
  const colleague = { email: `new.person@${domain}`, firstName: 'Nova', lastName: 'Person' }
  const idp = createTestIdp({ entityId: `https://idp.${domain}/metadata` })
  const idpServer = await startTestIdpServer(idp, { user: colleague })
  const dns = await startDnsServer({}, dnsPort)
  try {
    await signIn(page, demoOwner.email, demoOwner.password)
    await expect(page).toHaveURL(/\/app$/)
    await page.getByRole('link', { name: 'Security', exact: true }).click()
    await page.getByRole('link', { name: 'Set up SAML and verified domains' }).click()
    await expect(page.getByText('/sso/acs/')).toBeVisible()

    const connection = page.getByRole('form', { name: 'SAML connection' })
    await connection.getByLabel('Identity provider', { exact: true }).selectOption('custom')
    await connection.getByLabel('Metadata XML').fill(idp.metadataXml())
    await connection.getByRole('button', { name: 'Save connection' }).click()
    await expect(page.getByRole('status')).toContainText('Test the connection to enable it')

    await page.getByRole('form', { name: 'Add a domain' }).getByLabel('Domain').fill(domain)
    await page.getByRole('button', { name: 'Add domain' }).click()
    const row = page.getByRole('row', { name: new RegExp(domain.replace(/\./g, '\\.')) })
    await expect(row.locator('code')).toHaveCount(2)
    const [recordName, recordValue] = (await row.locator('code').allInnerTexts()).map((t) => t.trim())
    await row.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByRole('alert').first()).toContainText('No TXT record')
    dns.set(recordName!, [[recordValue!]])
    await page.getByRole('row', { name: new RegExp(domain.replace(/\./g, '\\.')) }).getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByRole('status')).toContainText('Domain verified')

    // The test sign-in goes to the identity provider and comes back to this page.
    await page.getByRole('button', { name: 'Test sign-in at the identity provider' }).click()
    await expect(page).toHaveURL(/\/app\/security\/sso\?test=ok/)
    await expect(page.getByText(`Test sign-in succeeded as ${colleague.email}`)).toBeVisible()
    await page.getByRole('button', { name: 'Enable single sign-on' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Single sign-on is enabled' })).toBeVisible()

    await signOut(page)
    await page.getByRole('link', { name: 'Sign in with SSO' }).click()
    await page.getByLabel('Work email').fill(colleague.email)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page).toHaveURL(/\/app$/)
    await expect(page.getByRole('link', { name: `Signed in as ${colleague.email}: your account security` })).toBeVisible()

    // Clean up the shared demo organization for the other tests.
    await signOut(page)
    await signIn(page, demoOwner.email, demoOwner.password)
    await expect(page).toHaveURL(/\/app$/)
    await page.goto('/app/security/sso')
    await page.getByRole('button', { name: 'Delete connection' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'deleted' })).toBeVisible()
  } finally {
    await idpServer.close()
    await dns.close()
  }
})

test('SSO sign-in for an unknown domain explains itself', async ({ page }) => {
  await page.goto('/sso')
  await page.getByLabel('Work email').fill('someone@nowhere.example.test')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('alert').first()).toContainText('not set up for this email')
})

test.describe('accessibility of the identity pages', () => {
  const seriousViolations = async (page: import('@playwright/test').Page) =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)

  for (const path of ['/sso', '/sign-in/two-factor']) {
    test(`${path} has no serious or critical axe violations`, async ({ page }) => {
      await page.goto(path)
      expect(await seriousViolations(page)).toEqual([])
    })
  }

  test('the signed-in security pages have no serious or critical axe violations', async ({ page }) => {
    await signIn(page, demoOwner.email, demoOwner.password)
    await expect(page).toHaveURL(/\/app$/)
    for (const path of ['/app/account/security', '/app/security', '/app/security/sso', '/app/security/scim']) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      expect(await seriousViolations(page), path).toEqual([])
    }
  })
})
