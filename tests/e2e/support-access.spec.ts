import { expect, test } from '@playwright/test'
import { demoOwner, signIn } from './helpers'

// Just-in-time support access, end to end: an admin grants, staff see the
// banner while acting inside the organization, the admin revokes, staff lose
// access on their next request.
const staff = { email: 'support@demo.hireproof.test', password: 'hireproof-demo' }

test('admin grants support access; staff see the banner; revoking ends their access at once', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage()
  await signIn(admin, demoOwner.email, demoOwner.password)
  await admin.getByRole('link', { name: 'Support access' }).click()
  await expect(admin.getByRole('heading', { level: 1, name: 'Support access' })).toBeVisible()
  const orgName = 'Acme Talent (demo)'

  // Without a grant, staff have nothing to enter.
  const support = await (await browser.newContext()).newPage()
  await signIn(support, staff.email, staff.password)
  await support.getByRole('link', { name: 'Support', exact: true }).click()
  await expect(support.getByRole('form', { name: `Enter ${orgName}` })).toHaveCount(0)

  const form = admin.getByRole('form', { name: 'Give support access' })
  await form.getByLabel('Staff member’s email').fill(staff.email)
  await form.getByLabel('Reason').fill('Ticket 4711: the job pipeline does not load')
  await form.getByLabel('Duration in hours (1–24)').fill('2')
  await form.getByRole('button', { name: 'Give access' }).click()
  await expect(admin.getByRole('status')).toContainText('Access granted until')
  await expect(admin.getByRole('table', { name: 'Staff who can act in this organization now' })).toContainText(staff.email)

  await support.reload()
  await support.getByRole('button', { name: `Enter ${orgName}` }).first().click()
  await expect(support).toHaveURL(/\/app$/)
  const banner = support.getByRole('complementary', { name: 'Support access' })
  await expect(banner).toContainText(`You are acting inside ${orgName}`)
  await expect(banner).toContainText('Support (read-only)')
  await expect(support.getByRole('heading', { level: 1, name: orgName })).toBeVisible()

  await admin.getByRole('button', { name: 'Revoke now' }).click()
  await expect(admin.getByRole('status')).toContainText('Access revoked')

  await support.reload()
  await expect(support.getByRole('complementary', { name: 'Support access' })).toHaveCount(0)
  const response = await support.goto('/app/members')
  expect(response?.status()).toBe(404)

  // The organization's audit log shows the grant, the use and the revocation.
  await admin.goto('/app/audit')
  const log = admin.getByRole('table')
  await expect(log.getByRole('row').filter({ hasText: 'support_access.granted' }).first()).toContainText(demoOwner.email)
  await expect(log.getByRole('row').filter({ hasText: 'support_access.used' }).first()).toContainText(`${staff.email}staff`)
  await expect(log.getByRole('row').filter({ hasText: 'support_access.revoked' }).first()).toContainText(demoOwner.email)
})

test('an admin edits the IP allowlist; a list without their own address is refused; a spoofed X-Forwarded-For changes nothing', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await page.getByRole('link', { name: 'IP allowlist' }).click()
  const yourAddress = (await page.getByText(/Your address as we see it is/).locator('strong').textContent())!.trim()
  expect(yourAddress).toMatch(/^(127\.0\.0\.1|::1)$/)
  const list = page.getByRole('form', { name: 'IP allowlist' })

  await list.getByLabel(/Allowed networks/).fill('198.51.100.0/24 Elsewhere')
  await list.getByRole('button', { name: 'Save allowlist' }).click()
  await expect(page.getByRole('alert')).toContainText(`Your current address ${yourAddress} is not in this list`)
  await expect(list.getByLabel(/Allowed networks/)).toHaveValue('198.51.100.0/24 Elsewhere')

  await list.getByLabel(/Allowed networks/).fill('not-a-network')
  await list.getByRole('button', { name: 'Save allowlist' }).click()
  await expect(page.getByRole('alert')).toContainText('Line 1: “not-a-network” is not an IPv4 or IPv6 address or CIDR range')

  try {
    await list.getByLabel(/Allowed networks/).fill(`127.0.0.0/8 Loopback\n::1 Loopback v6`)
    await list.getByRole('button', { name: 'Save allowlist' }).click()
    await expect(page.getByRole('status')).toContainText('Saved: 2 allowed networks.')
    await page.reload()
    await expect(list.getByLabel(/Allowed networks/)).toHaveValue('127.0.0.0/8 Loopback\n::1/128 Loopback v6')
    // The server trusts no proxy here: a client-written X-Forwarded-For is ignored either way.
    const spoofed = await page.request.get('/app/members', { headers: { 'X-Forwarded-For': '198.51.100.7' } })
    expect(spoofed.status()).toBe(200)
  } finally {
    await page.goto('/app/ip-allowlist')
    await list.getByLabel(/Allowed networks/).fill('')
    await list.getByRole('button', { name: 'Save allowlist' }).click()
    await expect(page.getByRole('status')).toContainText('every network may reach your organization')
  }
})

test('support staff ask for access with the organization id; an admin approves; access starts then', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage()
  await signIn(admin, demoOwner.email, demoOwner.password)
  await expect(admin).toHaveURL(/\/app$/)
  await admin.goto('/app/support-access')
  const orgId = (await admin.getByText('Your organization id, for support tickets:').locator('code').textContent())!.trim()

  const support = await (await browser.newContext()).newPage()
  await signIn(support, staff.email, staff.password)
  await expect(support).toHaveURL(/\/app$/)
  await support.goto('/app/support')
  const ask = support.getByRole('form', { name: 'Ask for support access' })
  await ask.getByLabel('Organization id (from the support ticket)').fill(orgId)
  await ask.getByLabel('Reason').fill('Ticket 4800: customer reports a missing candidate')
  await ask.getByLabel('Hours needed (1–24, read-only)').fill('1')
  await ask.getByRole('button', { name: 'Ask the organization’s admins' }).click()
  await expect(support.getByRole('status')).toContainText('Request sent')
  await expect(support.getByRole('table', { name: 'Your access grants and requests' })).toContainText('requested')

  await admin.reload()
  const request = admin.getByRole('article', { name: `Request from ${staff.email}` })
  await expect(request).toContainText('Ticket 4800')
  await request.getByRole('button', { name: 'Approve' }).click()
  await expect(admin.getByRole('status')).toContainText('Request approved')

  await support.reload()
  await support.getByRole('button', { name: 'Enter Acme Talent (demo)' }).first().click()
  await expect(support.getByRole('complementary', { name: 'Support access' })).toBeVisible()
  await admin.getByRole('button', { name: 'Revoke now' }).click()
  await expect(admin.getByRole('status')).toContainText('Access revoked')
})
