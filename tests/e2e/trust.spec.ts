import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

// The public trust center: plain HTML pages with no JavaScript, cacheable,
// accessible, plus machine-readable feeds and security.txt.

const pages = [
  '/trust',
  '/trust/faq',
  '/trust/faq?q=encryption',
  '/trust/faq?q=qwertyuiop',
  '/trust/subprocessors',
  '/trust/dpa',
  '/trust/dpa?version=1.0',
  '/trust/dpa/print',
  '/trust/ai',
  '/trust/privacy',
  '/trust/status',
  '/trust/disclosure',
  '/trust/documents',
  '/trust/documents/download?token=not-a-valid-download-token',
]

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  for (const path of pages) {
    test(`${path} renders on the server with one h1, landmarks and no script`, async ({ page }) => {
      const response = await page.goto(path)
      // An unknown download link is a 404 page, with the same layout.
      expect(response?.status()).toBe(path.includes('/download?') ? 404 : 200)
      const html = await response!.text()
      expect(html).not.toMatch(/<script/i)
      expect(html).not.toMatch(/modulepreload/i)
      await expect(page.locator('h1')).toHaveCount(1)
      await expect(page.locator('main#main')).toHaveCount(1)
      if (path.startsWith('/trust/dpa/print')) {
        await expect(page.locator('header, nav, footer')).toHaveCount(0)
      } else {
        await expect(page.getByRole('banner')).toHaveCount(1)
        await expect(page.getByRole('navigation', { name: 'Trust center' })).toBeVisible()
        await expect(page.getByRole('contentinfo')).toHaveCount(1)
      }
    })
  }

  test('the skip link is the first stop and leads to the main content', async ({ page }) => {
    await page.goto('/trust/faq')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expect(skip).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#main$/)
  })

  test('navigation marks the current section', async ({ page }) => {
    await page.goto('/trust/subprocessors')
    await expect(page.getByRole('navigation', { name: 'Trust center' }).getByRole('link', { name: 'Sub-processors' })).toHaveAttribute(
      'aria-current',
      'page',
    )
  })

  test('FAQ search submits a GET form and shows highlighted matches', async ({ page }) => {
    await page.goto('/trust/faq')
    await page.getByRole('searchbox', { name: 'Search the FAQ' }).fill('encrypted rest')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect(page).toHaveURL(/\/trust\/faq\?q=encrypted\+rest$/)
    await expect(page.getByText(/^\d+ answers? match “encrypted rest”\.$/)).toBeVisible()
    const answer = page.locator('article#encryption-at-rest')
    await expect(answer).toBeVisible()
    await expect(answer.locator('mark').first()).toHaveText(/^encrypted$/i)
    await expect(answer.locator('mark', { hasText: /^rest$/ }).first()).toBeVisible()
    await expect(page.locator('article#soc-2')).toHaveCount(0)
    await expect(page.getByRole('searchbox', { name: 'Search the FAQ' })).toHaveValue('encrypted rest')
    await page.getByRole('link', { name: 'Clear' }).click()
    await expect(page).toHaveURL(/\/trust\/faq$/)
    await expect(page.locator('article#soc-2')).toBeVisible()
  })

  test('FAQ search shows an empty state and never turns the query into markup', async ({ page }) => {
    const q = '<img src=x onerror=alert(1)> qwertyuiop'
    const response = await page.goto(`/trust/faq?q=${encodeURIComponent(q)}`)
    const html = await response!.text()
    await expect(page.getByText('No answers match “<img src=x onerror=alert(1)> qwertyuiop”.')).toBeVisible()
    await expect(page.locator('main img')).toHaveCount(0)
    await expect(page.locator('article.faq-entry')).toHaveCount(0)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img src=x')
  })

  test('deep links resolve to the answer, also from search results', async ({ page }) => {
    await page.goto('/trust/faq#encryption-at-rest')
    const answer = page.locator('#encryption-at-rest')
    await expect(answer.getByRole('heading', { level: 3 })).toHaveText('Is data encrypted at rest?')
    await expect(answer).toBeInViewport()

    await page.goto('/trust/faq?q=hipaa')
    await page.locator('#hipaa').getByRole('link', { name: /^Link to this answer/ }).click()
    await expect(page).toHaveURL(/\/trust\/faq#hipaa$/)
    await expect(page.locator('#hipaa')).toBeInViewport()
  })

  test('capabilities show their status, and available ones name their test', async ({ page }) => {
    await page.goto('/trust')
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })
    await expect(row('Passwords hashed with argon2id')).toContainText('Available')
    await expect(row('Passwords hashed with argon2id')).toContainText('tests/integration/auth.test.ts')
    await expect(row('SAML single sign-on')).toContainText('Available')
    await expect(row('SAML single sign-on')).toContainText('tests/integration/sso.test.ts')
    await expect(row('Retention rules')).toContainText('Available')
    await expect(row('Retention rules')).toContainText('tests/integration/retention.test.ts')
    await expect(row('Self-service data export')).toContainText('Available')
    await expect(page.getByRole('heading', { level: 3, name: 'SOC 2 Type II' })).toBeVisible()
    await expect(page.locator('#cert-soc-2-type-ii')).toContainText('In progress')
    await expect(page.locator('#cert-iso-27001')).toContainText('Planned')

    await page.goto('/trust/faq#retention')
    await expect(page.locator('#retention')).toContainText('Available')
  })

  test('the DPA shows the current version, older versions and a printable view', async ({ page }) => {
    await page.goto('/trust/dpa')
    await expect(page.getByText(/^Version 1\.1/)).toBeVisible()
    await expect(page.locator('.doc-body')).toContainText('within 48 hours')
    const history = page.getByRole('table', { name: /Versions of the Data Processing Addendum/ })
    await expect(history.getByRole('rowheader')).toHaveText([/^1\.1/, /^1\.0/])

    await page.getByLabel('Version', { exact: true }).selectOption('1.0')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(page).toHaveURL(/\/trust\/dpa\?version=1\.0$/)
    await expect(page.locator('.doc-body')).toContainText('within 72 hours')
    await expect(page.getByText('This is not the version in force.')).toBeVisible()

    await page.getByRole('link', { name: 'Printable version' }).click()
    await expect(page).toHaveURL(/\/trust\/dpa\/print\?version=1\.0$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data Processing Addendum')
    await expect(page.locator('main')).toContainText('Version 1.0')
    await expect(page.locator('nav, header, footer, .trust-nav')).toHaveCount(0)
    const stylesheet = await page.locator('link[rel=stylesheet][href*="trust"]').getAttribute('href')
    const css = await (await page.request.get(stylesheet!)).text()
    expect(css).toContain('@media print')
    await page.emulateMedia({ media: 'print' })
    await expect(page.getByRole('link', { name: 'Back to the online version' })).toBeHidden()
    await expect(page.locator('.doc-body')).toBeVisible()

    const missing = await page.request.get('/trust/dpa?version=9.9')
    expect(missing.status()).toBe(404)
  })

  test('the status page shows incident notes and the uptime section', async ({ page }) => {
    await page.goto('/trust/status')
    await expect(page.getByRole('heading', { level: 2, name: 'Uptime history' })).toBeVisible()
    // The server records its first health check at start: today has a row.
    const table = page.getByRole('table', { name: 'Checked minutes per day' })
    await expect(table).toBeVisible()
    await expect(table.getByRole('row').nth(1)).toContainText('100')
    await expect(page.locator('article.incident').first()).toContainText('Resolution')
  })
})

test('sub-processor feeds parse: JSON and Atom 1.0', async ({ page, request }) => {
  const json = await request.get('/trust/subprocessors.json')
  expect(json.status()).toBe(200)
  expect(json.headers()['content-type']).toBe('application/json; charset=utf-8')
  const data = JSON.parse(await json.text()) as { subprocessors: { name: string }[]; changes: { effectiveAt: string; announcedAt: string }[] }
  expect(data.subprocessors.length).toBeGreaterThan(5)
  expect(data.changes.length).toBeGreaterThan(0)

  // The HTML table lists the same providers as the JSON.
  await page.goto('/trust/subprocessors')
  const names = await page.locator('table.sub-table tbody .sub-name').allTextContents()
  expect(names).toEqual(data.subprocessors.map((s) => s.name))

  const atom = await request.get('/trust/subprocessors.atom')
  expect(atom.status()).toBe(200)
  expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8')
  const xml = await atom.text()
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">')
  // Parse it with the browser's XML parser and check the elements Atom requires.
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml')
    const ns = 'http://www.w3.org/2005/Atom'
    const feed = doc.documentElement
    const child = (el: Element, name: string) => Array.from(el.children).filter((c) => c.namespaceURI === ns && c.localName === name)
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: `${feed.namespaceURI} ${feed.localName}`,
      feedHas: ['id', 'title', 'updated', 'author'].every((n) => child(feed, n).length === 1),
      self: child(feed, 'link').some((l) => l.getAttribute('rel') === 'self'),
      entries: child(feed, 'entry').map((e) => ['id', 'title', 'updated'].every((n) => child(e, n).length === 1)),
    }
  }, xml)
  expect(parsed).toEqual({
    error: false,
    root: 'http://www.w3.org/2005/Atom feed',
    feedHas: true,
    self: true,
    entries: data.changes.map(() => true),
  })
})

test('security.txt follows RFC 9116', async ({ request, baseURL }) => {
  const response = await request.get('/.well-known/security.txt')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('text/plain; charset=utf-8')
  const body = await response.text()
  const field = (name: string) => [...body.matchAll(new RegExp(`^${name}: (.+)$`, 'gm'))].map((m) => m[1])
  expect(field('Contact')).toEqual(['mailto:security@hireproof.example', `${baseURL}/trust/disclosure`])
  expect(field('Policy')).toEqual([`${baseURL}/trust/disclosure`])
  expect(field('Canonical')).toEqual([`${baseURL}/.well-known/security.txt`])
  expect(field('Preferred-Languages')).toEqual(['en'])
  const expires = field('Expires')
  expect(expires).toHaveLength(1)
  expect(expires[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  const ahead = Date.parse(expires[0]!) - Date.now()
  expect(ahead).toBeGreaterThan(170 * 86_400_000)
  expect(ahead).toBeLessThan(365 * 86_400_000)
})

test('pages and feeds revalidate with ETag and answer 304', async ({ request }) => {
  for (const path of ['/trust', '/trust/faq', '/trust/dpa?version=1.0', '/trust/status', '/trust/subprocessors.atom', '/.well-known/security.txt']) {
    const first = await request.get(path)
    expect(first.status(), path).toBe(200)
    const etag = first.headers()['etag']
    expect(etag, path).toMatch(/^W\/".+"$/)
    expect(first.headers()['cache-control'], path).toBe('public, max-age=300')

    const again = await request.get(path, { headers: { 'If-None-Match': etag! } })
    expect(again.status(), path).toBe(304)
    expect(again.headers()['etag'], path).toBe(etag)
    expect(await again.body(), path).toHaveLength(0)
  }
  const all = (await request.get('/trust/faq')).headers()['etag']
  const searched = (await request.get('/trust/faq?q=sso')).headers()['etag']
  expect(searched).not.toBe(all)
  const stale = await request.get('/trust/faq', { headers: { 'If-None-Match': searched! } })
  expect(stale.status()).toBe(200)
})

test.describe('accessibility', () => {
  for (const path of pages) {
    test(`${path} has no serious or critical axe violations`, async ({ page }) => {
      await page.goto(path)
      const results = await new AxeBuilder({ page }).analyze()
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      expect(serious).toEqual([])
    })
  }
})
