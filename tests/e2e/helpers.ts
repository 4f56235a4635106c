import { expect, type Page } from '@playwright/test'
import crypto from 'node:crypto'

export const demoOwner = { email: 'owner@demo.hireproof.test', password: 'hireproof-demo' }

export const uniqueEmail = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}@example.test`

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

export async function signUp(page: Page, input: { name: string; email: string; password: string; org: string }) {
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill(input.name)
  await page.getByLabel('Work email').fill(input.email)
  await page.getByLabel('Password').fill(input.password)
  await page.getByLabel('Organization name').fill(input.org)
  await page.getByLabel('I am 18 or older').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/app$/)
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
}

/** On a candidate's page: record, as a member, that the candidate agreed in person to recording and AI analysis. */
export async function recordConsentInPerson(page: Page) {
  await page.getByText('Record consent given in person').click()
  const form = page.getByRole('form', { name: 'Record in-person consent (English)' })
  await form.getByLabel('I agree to my interviews being recorded and transcribed.').check()
  await form.getByLabel('I agree to AI analysis of my interview transcripts.').check()
  await form.getByRole('button', { name: 'Record in-person consent (English)' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Consent recorded.' })).toBeVisible()
}

/** As a signed-in recruiter: a new job with a one-competency rubric, and a candidate added to its Applied stage. */
export async function jobWithCandidate(page: Page, input: { title: string; competency: string; description: string; candidate: string }) {
  await page.goto('/app/jobs')
  const jobForm = page.getByRole('form', { name: 'New job' })
  await jobForm.getByLabel('Title').fill(input.title)
  await jobForm.getByRole('button', { name: 'Create job' }).click()
  await expect(page.getByRole('heading', { level: 1, name: input.title })).toBeVisible()
  const rubric = page.getByRole('form', { name: 'Rubric' })
  await rubric.getByLabel('Competency 1', { exact: true }).fill(input.competency)
  await rubric.getByLabel('Description of competency 1').fill(input.description)
  await rubric.getByRole('button', { name: 'Save rubric' }).click()
  await expect(page.getByRole('status')).toHaveText('Rubric saved.')
  const add = page.getByRole('form', { name: 'Add a candidate' })
  await add.getByLabel('Name').fill(input.candidate)
  await add.getByRole('button', { name: 'Add candidate' }).click()
  await expect(page.getByRole('status')).toHaveText('Candidate added to Applied.')
}
