import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { chromiumLaunchOptions } from './chromium'
import { demoOwner, jobWithCandidate, signIn } from './helpers'

/**
 * A one-way video interview end to end, in chromium with a fake camera whose
 * microphone speaks a sentence (espeak-ng): the recruiter sends the
 * interview, the candidate reads the notice and agrees, records two takes of
 * one answer and one of the other with MediaRecorder, chooses, submits; the
 * answers are transcribed by the local engine (ffmpeg + pocketsphinx) into
 * one transcript with the questions, and analysed.
 */
const tools = ['espeak-ng', 'sox', 'ffmpeg', 'pocketsphinx_continuous']
const missing = tools.filter((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
    return false
  } catch {
    return true
  }
})

/** The fake microphone's sound: one sentence and a pause, which chromium plays in a loop. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hireproof-video-'))
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
function speech() {
  const spoken = path.join(dir, 'spoken.wav')
  const looped = path.join(dir, 'microphone.wav')
  execFileSync('espeak-ng', ['-v', 'en-us+f5', '-s', '130', '-w', spoken, 'I tested every migration on a copy of production first.'])
  execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', looped, 'pad', '0', '0.6'])
  return looped
}
const microphone = missing.length === 0 ? speech() : ''

test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(microphone ? [`--use-file-for-fake-audio-capture=${microphone}`] : []),
    ],
  },
})

test('the recruiter sends a video interview; the candidate agrees, records takes, submits; the answers are transcribed and analysed', async ({
  page,
  browser,
}) => {
  // Skipped only on machines without the speech tools (scripts/test.sh installs them, so CI always runs it).
  test.skip(missing.length > 0, `needs ${missing.join(', ')} (Debian espeak-ng, sox, ffmpeg, pocketsphinx, pocketsphinx-en-us)`)
  test.setTimeout(150_000)

  await signIn(page, demoOwner.email, demoOwner.password)
  await expect(page).toHaveURL(/\/app$/)
  const title = `Data engineer ${Date.now()}`
  await jobWithCandidate(page, { title, competency: 'Safe migrations', description: 'tested every migration before production', candidate: 'Vera Video' })

  // The recruiter drafts questions from the rubric, edits them, and sends the interview.
  await page.getByRole('form', { name: 'New interview with Vera Video' }).getByRole('link', { name: 'Video interview' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New video interview' })).toBeVisible()
  await page.getByRole('button', { name: 'Draft questions from the rubric' }).click()
  await expect(page.getByRole('status')).toContainText('Drafted from the rubric')
  const questions = page.getByLabel('Questions, one per line (at most 10)')
  await expect(questions).toHaveValue(/Tell us about a time you showed Safe migrations/)
  await questions.fill('How do you make database migrations safe?\nWhat do you do when a deploy fails?')
  await page.getByLabel('Longest answer').selectOption('60')
  await page.getByRole('button', { name: 'Send the video interview' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Video interview sent' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('send them this link yourself')
  const link = await page.getByLabel(/The candidate’s link/).inputValue()
  expect(link).toMatch(/\/video\/[A-Za-z0-9_-]{43}$/)
  await page.getByRole('link', { name: 'Open the interview' }).click()
  await expect(page).toHaveURL(/\/app\/interviews\/\w+$/)
  const interviewUrl = page.url()
  await expect(page.getByRole('region', { name: 'Video interview' })).toContainText('Waiting for the candidate')

  // The candidate, in a browser of their own with no account.
  const candidateContext = await browser.newContext()
  const candidate = await candidateContext.newPage()
  await candidate.goto(link)
  await expect(candidate.getByRole('heading', { level: 1 })).toHaveText(/Video interview with/)
  await expect(candidate.getByText('Your answers can be recorded only after you agree to the recording below.')).toBeVisible()
  await expect(candidate.getByRole('button', { name: 'Turn on camera and microphone' })).toHaveCount(0)
  await candidate.getByLabel('I agree to my interviews being recorded and transcribed.').check()
  await candidate.getByLabel('I agree to AI analysis of my interview transcripts.').check()
  await candidate.getByRole('button', { name: 'Save my answers' }).click()
  await expect(candidate.getByRole('status').filter({ hasText: 'Your answers are saved.' })).toBeVisible()
  const axe = await new AxeBuilder({ page: candidate }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  await candidate.getByRole('button', { name: 'Turn on camera and microphone' }).click()
  await expect(candidate.getByLabel('Your camera', { exact: true })).toBeVisible()
  const first = candidate.getByRole('region', { name: 'Question 1 of 2' })
  const second = candidate.getByRole('region', { name: 'Question 2 of 2' })
  async function recordAnswer(region: typeof first, takes: number) {
    await region.getByRole('button', { name: /^Record answer/ }).click()
    await expect(region.getByText(/Recording · 0:\d\d left/)).toBeVisible()
    await candidate.waitForTimeout(4_500)
    await region.getByRole('button', { name: 'Stop recording' }).click()
    await expect(region.getByRole('status')).toHaveText(/Answer saved/, { timeout: 20_000 })
    await expect(region.locator('video')).toHaveCount(takes)
  }
  await recordAnswer(first, 1)
  await recordAnswer(first, 2)
  await expect(first.getByText('1 take left')).toBeVisible()
  await recordAnswer(second, 1)
  // The candidate watches their first take back, and sends it rather than the retake.
  const firstTake = first.locator('video').first()
  await expect.poll(() => firstTake.evaluate((el: HTMLVideoElement) => el.readyState), { timeout: 10_000 }).toBeGreaterThan(0)
  await first.getByRole('radio', { name: 'Take 1' }).check()
  await candidate.getByRole('button', { name: 'Submit my answers' }).click()
  await expect(candidate.getByRole('status')).toHaveText(/Thank you: your answers are submitted/)
  await candidateContext.close()

  // Back with the recruiter: the answers play, and become one transcript with the questions, then an analysis.
  await page.goto(interviewUrl)
  const section = page.getByRole('region', { name: 'Video interview' })
  await expect(section).toContainText('Submitted')
  await expect(section.locator('video')).toHaveCount(2)
  const answerSrc = new URL((await section.locator('video').first().getAttribute('src'))!, page.url()).toString()
  const answer = await page.request.get(answerSrc, { headers: { Range: 'bytes=0-3' } })
  expect(answer.status()).toBe(206)
  expect(answer.headers()['content-type']).toBe('video/webm')
  expect([...(await answer.body())]).toEqual([0x1a, 0x45, 0xdf, 0xa3])
  expect((await fetch(answerSrc)).status).toBe(401)
  await expect(page.getByText('Transcription: Done')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('heading', { name: 'Transcript', exact: true })).toBeVisible({ timeout: 20_000 })
  const transcript = page.locator('ol.transcript')
  await expect(transcript).toContainText('How do you make database migrations safe?')
  await expect(transcript).toContainText('What do you do when a deploy fails?')
  await expect(transcript.locator('.speaker').filter({ hasText: 'Candidate' }).first()).toBeVisible()
  await expect(page.getByText('Analysis: Done')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('row', { name: /^Safe migrations/ })).toBeVisible()
})
