import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { signUp, uniqueEmail } from './helpers'

test('an admin finds a change in the audit log, sees its diff, and exports a log that verifies offline', async ({ page }) => {
  await signUp(page, { name: 'Ada Auditor', email: uniqueEmail('ada'), password: 'audit-e2e-password', org: 'Audit Test Co' })

  // Make a change worth finding: a role, then an edit of it.
  await page.goto('/app/roles/new')
  await page.getByLabel('Name', { exact: true }).fill('Screener')
  await page.getByRole('checkbox', { name: 'candidates.read' }).check()
  await page.getByRole('button', { name: 'Create role' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Screener' })).toBeVisible()
  await page.getByRole('checkbox', { name: 'jobs.read' }).check()
  await page.getByRole('button', { name: 'Save role' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Role saved.' })).toBeVisible()

  await page.getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('status')).toContainText('Chain verified')
  await page.getByLabel('Action').selectOption('role.updated')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.locator('tbody tr')).toHaveCount(1)
  await page.locator('tbody tr a').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('role.updated')
  const permissionsRow = page.getByRole('table', { name: 'Changes' }).getByRole('row', { name: /permissions/ })
  await expect(permissionsRow).toContainText('["candidates.read"]')
  await expect(permissionsRow).toContainText('["candidates.read","jobs.read"]')

  // Free-text search finds the role by name.
  await page.goto('/app/audit?q=screen')
  await expect(page.locator('tbody tr')).toHaveCount(2)

  // Bad filter input gets a clear message, not an error page.
  const bad = await page.goto('/app/audit?from=not-a-date')
  expect(bad?.status()).toBe(400)
  await expect(page.getByRole('alert')).toContainText('Enter a date like 2026-01-31')

  const exportResponse = await page.request.get('/api/audit/export.ndjson')
  expect(exportResponse.status()).toBe(200)
  expect(exportResponse.headers()['content-type']).toContain('application/x-ndjson')
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-audit-')), 'export.ndjson')
  fs.writeFileSync(file, await exportResponse.body())
  const verified = spawnSync('node', ['scripts/verify-audit-export.mjs', file], { encoding: 'utf8' })
  expect(verified.stdout).toMatch(/^VERIFIED: \d+ events, unbroken chain; 1 signed checkpoint\(s\) match/)
  expect(verified.status).toBe(0)

  const csv = await page.request.get('/app/audit/export.csv?action=role.created')
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="audit-.*\.csv"/)
  expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(2)
})

test('a member without audit.read has no audit log link and the server refuses the page and the export', async ({ page }) => {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill('viewer@demo.hireproof.test')
  await page.getByLabel('Password').fill('hireproof-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/app$/)
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  expect((await page.goto('/app/audit'))?.status()).toBe(403)
  expect((await page.request.get('/api/audit/export.ndjson')).status()).toBe(403)
})
