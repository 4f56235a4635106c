import { expect, test } from '@playwright/test'
import { demoOwner, signIn, uniqueEmail, signUp } from './helpers'

test('an admin builds a custom role in the editor, assigns it, and overrides one permission', async ({ page, browser }) => {
  // A fresh organization keeps this test independent of the demo data.
  const memberEmail = uniqueEmail('member')
  const ownerEmail = uniqueEmail('owner')
  await signUp(page, { name: 'Rhea Roles', email: ownerEmail, password: 'roles-e2e-password', org: 'Roles Test Co' })

  await page.getByRole('link', { name: 'Roles' }).click()
  await expect(page.getByRole('cell', { name: /Hiring Manager/ })).toBeVisible()
  await page.getByRole('link', { name: 'New role' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Agency sourcer')
  await page.getByLabel('Only jobs the member is assigned to').check()
  await page.getByLabel('Candidate contact details').uncheck()
  // Ticking members.invite also ticks what it requires (members.read, roles.read).
  await page.getByRole('checkbox', { name: 'members.invite' }).check()
  await expect(page.getByRole('checkbox', { name: 'members.read' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'roles.read' })).toBeChecked()
  await page.getByRole('checkbox', { name: 'candidates.read' }).check()
  await page.getByRole('button', { name: 'Create role' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Agency sourcer' })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'members.invite' })).toBeChecked()

  // Dependencies are enforced by the server too: unticking one is refused with a message.
  await page.getByRole('checkbox', { name: 'roles.read' }).uncheck()
  await page.getByRole('button', { name: 'Save role' }).click()
  await expect(page.getByRole('alert').first()).toContainText('members.invite needs roles.read')

  // Invite someone into the new role and let them join.
  await page.getByRole('link', { name: 'Members' }).click()
  await page.getByLabel('Email').fill(memberEmail)
  await page.getByLabel('Role').selectOption({ label: 'Agency sourcer' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page.getByRole('link', { name: 'Outbox' }).click()
  const text = (await page.locator('article', { hasText: memberEmail }).first().locator('pre').textContent()) ?? ''
  const link = /\/invitations\/[A-Za-z0-9_-]+/.exec(text)![0]
  const memberContext = await browser.newContext()
  const member = await memberContext.newPage()
  await member.goto(`/sign-up?email=${encodeURIComponent(memberEmail)}&redirectTo=${encodeURIComponent(link)}`)
  await member.getByLabel('Your name').fill('Sid Sourcer')
  await member.getByLabel('Password').fill('sourcer-password-1')
  await member.getByLabel('Organization name').fill('Sid Freelance')
  await member.getByLabel('I am 18 or older').check()
  await member.getByRole('button', { name: 'Create account' }).click()
  await member.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(member.getByRole('heading', { level: 1, name: 'Roles Test Co' })).toBeVisible()
  await expect(member.getByRole('link', { name: 'Members' })).toBeVisible()

  // Deny members.read to that member: their Members link disappears, and the server refuses the page.
  await page.goto('/app/members')
  await page.getByRole('link', { name: 'Sid Sourcer' }).click()
  await page.getByLabel('Permission', { exact: true }).selectOption('members.read')
  await page.getByLabel('Effect', { exact: true }).selectOption('DENY')
  await page.getByLabel(/Reason/).fill('contractor')
  await page.getByRole('button', { name: 'Save override' }).click()
  await expect(page.getByRole('status')).toHaveText('Override saved.')
  const row = page.locator('tr[data-permission="members.read"]')
  await expect(row).toContainText('No')
  await expect(row).toContainText('Denied to this member: contractor')

  await member.reload()
  await expect(member.getByRole('link', { name: 'Members' })).toHaveCount(0)
  const response = await member.goto('/app/members')
  expect(response?.status()).toBe(403)
  await memberContext.close()
})

test('the demo owner sees the built-in roles as read-only templates', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await page.getByRole('link', { name: 'Roles' }).click()
  await page.getByRole('link', { name: 'Viewer', exact: true }).click()
  await expect(page.getByText('Built-in template (read-only).')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Save role' })).toHaveCount(0)
  await expect(page.getByRole('checkbox', { name: 'jobs.read' })).toBeDisabled()
})
