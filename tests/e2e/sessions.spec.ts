import { expect, test } from '@playwright/test'
import { signIn, signUp, uniqueEmail } from './helpers'

test('a user sees their sessions and signs out another browser, which loses access at once', async ({ page, browser }) => {
  const email = uniqueEmail('sessions')
  const password = 'sessions-password'
  await signUp(page, { name: 'Sal Sessions', email, password, org: 'Sessions Co' })

  const otherContext = await browser.newContext({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' })
  const other = await otherContext.newPage()
  await signIn(other, email, password)
  await expect(other).toHaveURL(/\/app$/)

  await page.getByRole('link', { name: /your account security/ }).click()
  await page.getByRole('link', { name: 'Your sessions' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your sessions' })).toBeVisible()
  await expect(page.getByRole('row', { name: /This browser/ })).toBeVisible()
  await page.getByRole('form', { name: 'Sign out Firefox on Linux' }).getByRole('button').click()
  await expect(page.getByRole('status')).toHaveText('Session signed out.')
  await expect(page.getByRole('row', { name: /Firefox on Linux/ })).toHaveCount(0)

  await other.goto('/app')
  await expect(other).toHaveURL(/\/sign-in/)
  await otherContext.close()
})
