import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { demoOwner, signIn } from './helpers'

test('an admin records and completes access and erasure requests for a candidate', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  await page.goto('/app/jobs')
  const title = `Privacy role ${Date.now()}`
  await page.getByRole('form', { name: 'New job' }).getByLabel('Title').fill(title)
  await page.getByRole('button', { name: 'Create job' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const name = `Pat Privacy ${Date.now()}`
  const add = page.getByRole('form', { name: 'Add a candidate' })
  await add.getByLabel('Name').fill(name)
  await add.getByRole('button', { name: 'Add candidate' }).click()
  await expect(page.getByRole('status')).toHaveText('Candidate added to Applied.')

  await page.getByRole('link', { name: 'Privacy requests' }).click()
  const record = page.getByRole('form', { name: 'Record a privacy request' })
  await record.getByLabel('Candidate').selectOption({ label: name })
  await record.getByLabel('Kind').selectOption('ACCESS')
  await record.getByLabel('How it arrived').fill('By email; verified by reply from the address on file.')
  await record.getByLabel('Email the requester that it was received').check()
  await record.getByRole('button', { name: 'Record request' }).click()
  // The candidate was added without an address: the admin is told to answer them another way.
  await expect(page.getByRole('status')).toHaveText(
    /^Request recorded; due \d{4}-\d{2}-\d{2}\. The candidate has no email address on file: tell them yourself\.$/,
  )
  const row = page.getByRole('row', { name: new RegExp(name) })
  const json = await page.request.get(new URL((await row.getByRole('link', { name: 'JSON' }).getAttribute('href'))!, page.url()).toString())
  expect(json.status()).toBe(200)
  expect((await json.json()).candidate.name).toBe(name)
  await row.getByRole('button', { name: 'Complete' }).click()
  await expect(page.getByRole('status')).toHaveText('Access (copy of their data): completed.')

  await record.getByLabel('Candidate').selectOption({ label: name })
  await record.getByLabel('Kind').selectOption('ERASURE')
  await record.getByRole('button', { name: 'Record request' }).click()
  await page.getByRole('button', { name: 'Erase everything now' }).click()
  await expect(page.getByRole('status')).toHaveText('Erasure (delete everything): completed.')
  await expect(page.getByText(name)).toHaveCount(0)
  await expect(page.getByRole('rowheader', { name: 'Erased' })).toHaveCount(2)
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
})

test('an admin adds a retention rule, previews it without changes and applies it', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  await page.getByRole('link', { name: 'Retention' }).click()
  const form = page.getByRole('form', { name: 'Add a retention rule' })
  await form.getByLabel('Action').selectOption('ANONYMISE')
  await form.getByLabel('Data', { exact: true }).selectOption('TRANSCRIPTS')
  await form.getByLabel('Older than (days)').fill('365')
  await form.getByLabel('For').selectOption('REJECTED')
  await form.getByRole('button', { name: 'Add rule' }).click()
  await expect(page.getByRole('status')).toHaveText('Rule added.')
  await expect(page.getByText('Anonymise transcripts older than 365 days, for rejected candidates')).toBeVisible()
  await page.getByRole('link', { name: 'Preview (dry run)' }).click()
  await expect(page.getByRole('table', { name: 'Dry run' })).toContainText('Anonymise transcripts older than 365 days')
  await page.getByRole('button', { name: 'Apply the rules now' }).click()
  await expect(page.getByRole('status')).toHaveText(/Rules applied: \d+ item\(s\) deleted or anonymised\./)
  await expect(page.getByRole('region', { name: 'Recent runs' }).getByRole('cell', { name: 'manual' }).first()).toBeVisible()
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
})
