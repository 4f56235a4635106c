import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { demoOwner, recordConsentInPerson, signIn } from './helpers'

/** A one-page CV as a real PDF file. */
async function cvPdf() {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  const lines = ['Grace Candidate', 'grace@example.com', 'Skills', 'PostgreSQL, dbt, Airflow', 'Experience', 'Data Engineer, Northwind 2020 - 2024']
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 12, font }))
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-cv-')), 'grace.pdf')
  fs.writeFileSync(file, await pdf.save())
  return file
}

test('a recruiter creates a job with a weighted rubric, adds a candidate and moves them only by decisions with reasons', async ({ page }) => {
  // The whole path, with two background jobs (reading the CV, the analysis) along the way.
  test.setTimeout(90_000)
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

  // A stage of its own, second in the pipeline.
  const stages = page.getByRole('form', { name: 'Stages' })
  await stages.getByLabel('Stage 5', { exact: true }).fill('Take-home')
  await stages.getByLabel('Order of stage 5').fill('2')
  await stages.getByRole('button', { name: 'Save stages' }).click()
  await expect(page.getByRole('status')).toHaveText('Stages saved.')
  await expect(page.locator('.pipeline h3').nth(1)).toContainText('Take-home')

  const add = page.getByRole('form', { name: 'Add a candidate' })
  await add.getByLabel('Name').fill('Grace Candidate')
  await add.getByRole('button', { name: 'Add candidate' }).click()
  await expect(page.getByRole('status')).toHaveText('Candidate added to Applied.')
  const applied = page.getByRole('region', { name: /^Applied/ })
  await expect(applied.getByText('Grace Candidate', { exact: true })).toBeVisible()

  // Her CV, read into a profile in the background.
  await applied.getByRole('link', { name: 'Grace Candidate' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Candidate' })).toBeVisible()
  const cvUpload = page.getByRole('form', { name: 'Upload a CV' })
  await cvUpload.getByLabel('CV (PDF or Word)').setInputFiles(await cvPdf())
  await cvUpload.getByRole('button', { name: 'Upload CV' }).click()
  const cv = page.getByRole('article', { name: 'CV grace.pdf' })
  await expect(cv.getByText('PostgreSQL · dbt · Airflow')).toBeVisible({ timeout: 45_000 })
  await expect(cv.getByText('Data Engineer, Northwind')).toBeVisible()
  // She agreed, at the start of her first call, to recording and AI analysis.
  await recordConsentInPerson(page)
  await expect(page.getByRole('row', { name: /^AI analysis/ })).toContainText('Agreed')
  const axeCandidate = await new AxeBuilder({ page }).analyze()
  expect(axeCandidate.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
  await page.getByRole('region', { name: 'Applications' }).getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()

  await applied.getByText('Decide on Grace Candidate').click()
  const decision = page.getByRole('form', { name: 'Decision on Grace Candidate' })
  await decision.getByLabel('Reason').fill('Strong SQL portfolio; worth a screening call')
  await decision.getByRole('button', { name: 'Record decision' }).click()
  await expect(page.getByRole('status')).toHaveText('Decision recorded: now in Take-home.')
  await expect(page.getByRole('region', { name: /^Take-home/ }).getByText('Grace Candidate', { exact: true })).toBeVisible()

  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  // An interview: import its transcript, run the local analysis, read scores with quoted evidence.
  await page.getByRole('form', { name: 'New interview with Grace Candidate' }).getByRole('button', { name: 'New interview' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Interview' })).toBeVisible()
  await page.getByRole('form', { name: 'Import a transcript' }).getByLabel('Transcript', { exact: true }).fill(
    [
      'Interviewer: How do you write SQL that stays fast?',
      'Grace: I read query plans and add indexes. My SQL reviews catch slow joins early.',
      'Interviewer: How do you explain trade-offs?',
      'Grace: I write short design notes so communication with product stays clear.',
    ].join('\n'),
  )
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('status')).toHaveText('Transcript imported: 4 segments.')
  await page.getByRole('button', { name: 'Run analysis' }).click()
  await expect(page.getByRole('status')).toHaveText('Analysis started. The scores appear here when it is done.')
  // It runs in the background; the page follows its progress and shows the scores when it is done.
  const sql = page.getByRole('row', { name: /^SQL/ })
  await expect(sql).toContainText('“My SQL reviews catch slow joins early.”')
  await sql.getByRole('link').first().click()
  await expect(page).toHaveURL(/#seg-1$/)
  const scorecard = page.getByRole('form', { name: 'Your scorecard' })
  await scorecard.getByRole('group', { name: 'SQL' }).getByLabel('Rating (1–4)').selectOption('3')
  await scorecard.getByLabel('yes', { exact: true }).check()
  await scorecard.getByLabel('Summary').fill('Solid on SQL; communication to probe next round.')
  await scorecard.getByRole('button', { name: 'Submit scorecard' }).click()
  await expect(page.getByRole('status')).toHaveText('Scorecard submitted.')
  await expect(page.getByRole('button', { name: 'Update scorecard' })).toBeVisible()
  const axeInterview = await new AxeBuilder({ page }).analyze()
  expect(axeInterview.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
})
