import { expect, test } from '@playwright/test'
import { demoOwner, signIn, signUp, uniqueEmail } from './helpers'

test('an owner invites a colleague, who follows the emailed link, signs up and joins', async ({ page, browser }) => {
  const email = uniqueEmail('colleague')
  await signIn(page, demoOwner.email, demoOwner.password)
  await page.getByRole('link', { name: 'Members' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Role').selectOption({ label: 'Interviewer' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByRole('status')).toHaveText(`Invitation sent to ${email}.`)
  await expect(page.getByRole('cell', { name: email })).toBeVisible()

  await page.getByRole('link', { name: 'Outbox' }).click()
  const message = page.locator('article', { hasText: email }).first()
  const link = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec((await message.locator('pre').textContent()) ?? '')?.[0]
  expect(link).toBeTruthy()

  const invitee = await browser.newContext()
  const tab = await invitee.newPage()
  await tab.goto(new URL(link!).pathname)
  await expect(tab.getByRole('heading', { name: 'Join Acme Talent (demo)' })).toBeVisible()
  await tab.getByRole('link', { name: 'Create an account' }).click()
  await expect(tab.getByLabel('Work email')).toHaveValue(email)
  await tab.getByLabel('Your name').fill('Cora Colleague')
  await tab.getByLabel('Password').fill('another long password')
  await tab.getByLabel('Organization name').fill('Cora Personal')
  await tab.getByLabel('I am 18 or older').check()
  await tab.getByRole('button', { name: 'Create account' }).click()
  await expect(tab.getByRole('button', { name: 'Accept invitation' })).toBeVisible()
  await tab.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(tab.getByRole('heading', { level: 1, name: 'Acme Talent (demo)' })).toBeVisible()
  await expect(tab.getByText('Interviewer')).toBeVisible()
  await invitee.close()
})

test('the local outbox shows a user only their own and their organization’s mail', async ({ page, browser }) => {
  const email = uniqueEmail('secret')
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/) // signed in before navigating on
  await page.goto('/app/members')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByRole('status')).toHaveText(`Invitation sent to ${email}.`)

  const outsiderContext = await browser.newContext()
  const outsider = await outsiderContext.newPage()
  await signUp(outsider, { name: 'Otto Outsider', email: uniqueEmail('otto'), password: 'outsider-password', org: 'Otto Co' })
  await outsider.goto('/dev/outbox')
  await expect(outsider.getByRole('heading', { level: 1, name: 'Mail outbox' })).toBeVisible()
  await expect(outsider.getByText(email)).toHaveCount(0)
  await outsiderContext.close()
})

