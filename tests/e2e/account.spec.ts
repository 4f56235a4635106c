import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { signIn, signUp, uniqueEmail } from './helpers'

test('a user downloads their data, hands their organization over, deletes their account and can no longer sign in', async ({ page, browser }) => {
  const email = uniqueEmail('leaver')
  const password = 'leaver-password-long'
  await signUp(page, { name: 'Lee Leaver', email, password, org: 'Leaver Co' })

  await page.getByRole('link', { name: /your account security/ }).click()
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Your data and privacy' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your data and privacy' })).toBeVisible()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as JSON' }).click()])
  const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'))
  expect(data.profile).toMatchObject({ email, name: 'Lee Leaver' })
  expect(data.memberships[0]).toMatchObject({ organization: 'Leaver Co', role: 'Owner' })

  // The only member of their organization cannot leave it orphaned.
  await expect(page.getByRole('alert').filter({ hasText: 'only active member of Leaver Co' })).toBeVisible()
  const form = page.getByRole('form', { name: 'Delete your account' })
  await form.getByLabel('Your current password').fill(password)
  await form.getByRole('button', { name: 'Delete my account' }).click()
  await expect(form.getByRole('alert')).toContainText('cannot be deleted yet')

  // Hand over: a colleague joins as owner.
  const colleague = uniqueEmail('successor')
  await page.getByRole('link', { name: 'Members' }).click()
  await page.getByLabel('Email').fill(colleague)
  await page.getByLabel('Role').selectOption({ label: 'Owner' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page.getByRole('link', { name: 'Outbox' }).click()
  const message = page.locator('article', { hasText: colleague }).first()
  const link = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec((await message.locator('pre').textContent()) ?? '')?.[0]
  const other = await browser.newContext()
  const tab = await other.newPage()
  await tab.goto(new URL(link!).pathname)
  await tab.getByRole('link', { name: 'Create an account' }).click()
  await tab.getByLabel('Your name').fill('Sue Successor')
  await tab.getByLabel('Password').fill('successor-password-long')
  await tab.getByLabel('Organization name').fill('Sue Personal')
  await tab.getByLabel('I am 18 or older').check()
  await tab.getByRole('button', { name: 'Create account' }).click()
  await tab.getByRole('button', { name: 'Accept invitation' }).click()
  // The invitation page is titled with the organization too: wait for the redirect that follows the acceptance.
  await expect(tab).toHaveURL(/\/app$/)
  await expect(tab.getByRole('heading', { level: 1, name: 'Leaver Co' })).toBeVisible()

  await page.goto('/app/account/privacy')
  await expect(page.getByRole('alert').filter({ hasText: 'only active member' })).toHaveCount(0)
  await form.getByLabel('Your current password').fill(password)
  await form.getByRole('button', { name: 'Delete my account' }).click()
  await expect(page).toHaveURL(/\/account-deleted$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Your account is being deleted' })).toBeVisible()
  await page.goto('/app')
  await expect(page).toHaveURL(/\/sign-in/)

  // Refused while being deleted; once the job ran (within seconds here) the account simply does not exist.
  await signIn(page, email, password)
  await expect(page.getByRole('alert')).toHaveText(/being deleted|Email or password is incorrect/)
  await expect(async () => {
    await tab.goto('/app/members')
    await expect(tab.getByRole('cell', { name: colleague })).toBeVisible()
    await expect(tab.getByRole('cell', { name: email })).toHaveCount(0)
  }).toPass({ timeout: 15_000 })
  await other.close()
})
