import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SecureForm, SubmitButton } from '~/components/forms'
import { getApi } from '~/utils/api.server'
import { actionErrorWith, loaderError, type ActionErrors } from '~/utils/errors.server'
import { readForm } from '~/utils/forms.server'

/**
 * Inviting a candidate to a one-way video interview: questions (one per line,
 * optionally drafted from the job's rubric), the longest answer, the takes
 * allowed per question and how long the link works. The link is shown once,
 * here, and emailed when the candidate has an address. Works without JS.
 */
export const meta: MetaFunction = () => [{ title: 'New video interview · Hireproof' }]
// The page that shows the link must not be cached or leak it in a Referer.
export const headers: HeadersFunction = () => new Headers({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const applicationId = url.searchParams.get('applicationId') ?? ''
  const { api } = await getApi(request, context)
  try {
    const setup = await api.videoInterview.setup({ applicationId })
    const drafts = url.searchParams.get('draft') === '1' && setup.rubricSize > 0 ? await api.videoInterview.draftQuestions({ applicationId }) : null
    return json({ setup, drafts })
  } catch (error) {
    return loaderError(error, request)
  }
}

type Result = ActionErrors & {
  created?: { interviewId: string; url: string; expiresAt: string; emailed: boolean }
  typed?: { title: string; questions: string }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const text = (name: string) => String(form.get(name) ?? '')
  const typed = { title: text('title'), questions: text('questions') }
  try {
    const created = await api.videoInterview.create({
      applicationId: text('applicationId'),
      title: typed.title,
      questions: typed.questions
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
      answerSeconds: Number(text('answerSeconds')),
      maxTakes: Number(text('maxTakes')),
      linkDays: Number(text('linkDays')),
    })
    return json<Result>({ created: { ...created, expiresAt: created.expiresAt.toISOString() } })
  } catch (error) {
    return actionErrorWith(error, { typed })
  }
}

const answerLengths = { '60': '1 minute', '120': '2 minutes', '180': '3 minutes', '300': '5 minutes', '600': '10 minutes' }

export default function NewVideoInterview() {
  const { setup, drafts } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const fieldError = (name: string) => result?.fieldErrors?.[name]

  if (result?.created) {
    const { created } = result
    return (
      <>
        <h1>Video interview sent</h1>
        <p role="status">
          {created.emailed ? `The link was emailed to ${setup.candidateName}.` : `${setup.candidateName} has no email address: send them this link yourself.`}
        </p>
        <div className="card">
          <label htmlFor="video-link">The candidate’s link (shown only now; works until {created.expiresAt.slice(0, 10)})</label>
          <input id="video-link" readOnly value={created.url} className="wide" />
        </div>
        <p>
          <Link to={`/app/interviews/${created.interviewId}`}>Open the interview</Link> · <Link to={`/app/jobs/${setup.job.id}`}>Back to {setup.job.title}</Link>
        </p>
      </>
    )
  }

  const questions = result?.typed?.questions ?? drafts?.questions.join('\n') ?? ''
  return (
    <>
      <p>
        <Link to={`/app/jobs/${setup.job.id}`}>{setup.job.title}</Link> › {setup.candidateName}
      </p>
      <h1>New video interview</h1>
      <p className="hint">
        The candidate answers each question on camera, in their own time, through a personal link. They first read how the recording and its
        analysis are used, and choose. Only what they say is transcribed and analysed: no facial, emotion or voice analysis.
      </p>

      {setup.rubricSize > 0 ? (
        <Form method="get" className="inline-form" aria-label="Draft questions from the rubric">
          <input type="hidden" name="applicationId" value={setup.applicationId} />
          <input type="hidden" name="draft" value="1" />
          <button type="submit" className="button">
            Draft questions from the rubric
          </button>
        </Form>
      ) : (
        <p className="hint">This job has no rubric, so there is nothing to draft questions from: write your own.</p>
      )}
      {drafts ? <p role="status">{drafts.note}</p> : null}

      <SecureForm aria-label="New video interview">
        <input type="hidden" name="applicationId" value={setup.applicationId} />
        <FormError message={result?.formError} />
        <div className="field">
          <label htmlFor="title">Title</label>
          <input id="title" name="title" required maxLength={160} defaultValue={result?.typed?.title ?? 'Video interview'} />
          {fieldError('title') ? <p className="field-error">{fieldError('title')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="questions">Questions, one per line (at most 10)</label>
          <textarea
            id="questions"
            name="questions"
            rows={8}
            required
            defaultValue={questions}
            aria-describedby="questions-hint"
            aria-invalid={fieldError('questions') ? true : undefined}
          />
          <p className="hint" id="questions-hint">
            Ask about experience and actions. The candidate sees the questions in this order.
          </p>
          {fieldError('questions') ? <p className="field-error">{fieldError('questions')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="answerSeconds">Longest answer</label>
          <select id="answerSeconds" name="answerSeconds" defaultValue="120">
            {Object.entries(answerLengths).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="maxTakes">Takes allowed per question</label>
          <input id="maxTakes" name="maxTakes" type="number" min={1} max={5} defaultValue={3} required />
          {fieldError('maxTakes') ? <p className="field-error">{fieldError('maxTakes')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="linkDays">The link works for (days)</label>
          <input id="linkDays" name="linkDays" type="number" min={1} max={60} defaultValue={14} required />
          {fieldError('linkDays') ? <p className="field-error">{fieldError('linkDays')}</p> : null}
        </div>
        <p className="hint">
          {setup.candidateHasEmail ? 'The link is emailed to the candidate.' : 'The candidate has no email address: you will get the link to send yourself.'} Takes
          that are not submitted are deleted 7 days after the interview closes.
        </p>
        <SubmitButton>Send the video interview</SubmitButton>
      </SecureForm>
    </>
  )
}
