import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { signUp, uniqueEmail } from './helpers'

test.describe('without JavaScript (plain POST forms)', () => {
  test.use({ javaScriptEnabled: false })

  test('an owner schedules the organization’s deletion at the end of the contract, everyone sees the banner, and cancels it', async ({ page }) => {
    const org = `Ending Ltd ${Date.now()}`
    await signUp(page, { name: 'Olive Owner', email: uniqueEmail('owner'), password: 'a long enough password', org })
    await page.getByRole('link', { name: 'Organization', exact: true }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'End of contract' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Download everything as CSV' })).toHaveAttribute('href', '/app/org-export.csv')
    await expect(page.getByRole('link', { name: 'Download everything as JSON' })).toHaveAttribute('href', '/api/org-export.json')

    const form = page.getByRole('form', { name: 'Schedule the organization’s deletion' })
    await form.getByLabel('Days until the deletion').fill('12')
    await form.getByLabel('Type the organization’s name to confirm').fill(`${org} typo`)
    await form.getByRole('button', { name: 'Schedule the deletion' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Type the organization’s name exactly' })).toBeVisible()
    await expect(page.getByRole('complementary', { name: 'Scheduled deletion' })).toHaveCount(0)

    await form.getByLabel('Days until the deletion').fill('12')
    await form.getByLabel('Return, then delete').check()
    await form.getByLabel('Type the organization’s name to confirm').fill(org)
    await form.getByRole('button', { name: 'Schedule the deletion' }).click()
    await expect(page.getByRole('status')).toHaveText(/Deletion scheduled for \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./)
    const banner = page.getByRole('complementary', { name: 'Scheduled deletion' })
    await expect(banner).toContainText(`${org} will be deleted at the end of its contract on`)
    await expect(banner).toContainText('once its data has been exported')
    const scheduled = page.getByRole('region', { name: 'Deletion scheduled' })
    await expect(scheduled).toContainText('Return, then delete')
    await expect(scheduled).toContainText('Not downloaded yet')

    await page.goto('/app/jobs')
    await expect(banner).toBeVisible()
    await page.goto('/app/organization')
    await page.getByRole('button', { name: 'Cancel the deletion' }).click()
    await expect(page.getByRole('status')).toHaveText('The deletion is cancelled. Nothing was deleted.')
    await expect(banner).toHaveCount(0)
    await expect(page.getByRole('form', { name: 'Schedule the organization’s deletion' })).toBeVisible()
  })
})

test('the organization page and the banner have no serious accessibility problems', async ({ page }) => {
  const org = `Axe Ltd ${Date.now()}`
  await signUp(page, { name: 'Olive Owner', email: uniqueEmail('owner'), password: 'a long enough password', org })
  await page.goto('/app/organization')
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
  expect(await serious()).toEqual([])
  const form = page.getByRole('form', { name: 'Schedule the organization’s deletion' })
  await form.getByLabel('Delete on the date').check()
  await form.getByLabel('Type the organization’s name to confirm').fill(org)
  await form.getByRole('button', { name: 'Schedule the deletion' }).click()
  await expect(page.getByRole('complementary', { name: 'Scheduled deletion' })).toBeVisible()
  expect(await serious()).toEqual([])
})
