import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { demoOwner, signIn } from './helpers'

test('a recruiter creates a job with a weighted rubric, adds a candidate and moves them only by decisions with reasons', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  await page.getByRole('link', { name: 'Jobs', exact: true }).click()
  const title = `Data engineer ${Date.now()}`
  const form = page.getByRole('form', { name: 'New job' })
  await form.getByLabel('Title').fill(title)
  await form.getByLabel('Location').fill('Lisbon')
  await form.getByRole('button', { name: 'Create job' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

  const rubric = page.getByRole('form', { name: 'Rubric' })
  await rubric.getByLabel('Competency 1', { exact: true }).fill('SQL')
  await rubric.getByLabel('Weight of competency 1').fill('3')
  await rubric.getByLabel('Competency 2', { exact: true }).fill('Communication')
  await rubric.getByRole('button', { name: 'Save rubric' }).click()
  await expect(page.getByRole('status')).toHaveText('Rubric saved.')
  await expect(page.getByRole('form', { name: 'Rubric' }).getByText('75%')).toBeVisible()

  const add = page.getByRole('form', { name: 'Add a candidate' })
  await add.getByLabel('Name').fill('Grace Candidate')
  await add.getByRole('button', { name: 'Add candidate' }).click()
  await expect(page.getByRole('status')).toHaveText('Candidate added to Applied.')
  const applied = page.getByRole('region', { name: /^Applied/ })
  await expect(applied.getByText('Grace Candidate', { exact: true })).toBeVisible()

  await applied.getByText('Decide on Grace Candidate').click()
  const decision = page.getByRole('form', { name: 'Decision on Grace Candidate' })
  await decision.getByLabel('Reason').fill('Strong SQL portfolio; worth a screening call')
  await decision.getByRole('button', { name: 'Record decision' }).click()
  await expect(page.getByRole('status')).toHaveText('Decision recorded: now in Screening.')
  await expect(page.getByRole('region', { name: /^Screening/ }).getByText('Grace Candidate', { exact: true })).toBeVisible()

  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
})
