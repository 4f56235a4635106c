import { expect, test } from '@playwright/test'
import { demoOwner, signIn, signOut, signUp, uniqueEmail } from './helpers'

test('sign up creates an organization and signs the user in; sign out and back in', async ({ page }) => {
  const email = uniqueEmail('sam')
  await signUp(page, { name: 'Sam Signup', email, password: 'a long enough password', org: 'Sam Hiring' })
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Hiring' })).toBeVisible()
  await expect(page.getByText('Owner')).toBeVisible()

  await signOut(page)
  await page.goto('/app')
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fapp$/)

  await signIn(page, email, 'a long enough password')
  await expect(page).toHaveURL(/\/app$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Hiring' })).toBeVisible()
})

test('a wrong password shows a clear error and signs nobody in', async ({ page, context }) => {
  await signIn(page, demoOwner.email, 'definitely-not-it')
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect')
  await expect(page).toHaveURL(/\/sign-in/)
  const cookies = await context.cookies()
  expect(cookies.find((c) => c.name.includes('hp_session'))).toBeUndefined()
})

test('bad sign-up input is explained field by field', async ({ page }) => {
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill('Pat')
  await page.getByLabel('Work email').fill(demoOwner.email)
  await page.getByLabel('Password').fill('short')
  await page.getByLabel('Organization name').fill('Pat Co')
  await page.getByLabel('I am 18 or older').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('Use at least 10 characters')).toBeVisible()
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
})

test('switching organization changes what the user sees', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Talent (demo)' })).toBeVisible()
  await page.getByLabel('Active organization').selectOption({ label: 'Globex Hiring (demo)' })
  await page.getByRole('button', { name: 'Switch' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Globex Hiring (demo)' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Globex Hiring (demo)' })).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('sign in and sign out still work with plain form posts', async ({ page }) => {
    await signIn(page, demoOwner.email, demoOwner.password)
    await expect(page).toHaveURL(/\/app$/)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await signOut(page)
  })
})
