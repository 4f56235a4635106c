import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { ActionButton, FormError } from '~/components/forms'
import { ConsentSection } from '~/components/consent'
import { actionError, type ActionErrors } from '~/utils/errors.server'
import { formFields, readForm } from '~/utils/forms.server'
import { useEffect } from 'react'
import { FileUpload } from '~/components/recording'
import { getApi } from '~/utils/api.server'
import { loaderError } from '~/utils/errors.server'
import { getEnv } from '~/utils/env.server'
import { countryName } from '~/utils/countries.server'
import { usePermissions } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Candidate · Hireproof' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context)
  try {
    const candidateId = params.candidateId ?? ''
    const [candidate, cvs, consent] = await Promise.all([
      api.candidate.get({ candidateId }),
      api.candidate.cvs({ candidateId }),
      api.consent.forCandidate({ candidateId }),
    ])
    return json({ candidate, country: countryName(candidate.country), cvs, consent, maxCvMb: getEnv().CV_MAX_MB })
  } catch (error) {
    return loaderError(error, request)
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { api } = await getApi(request, context)
  const candidateId = params.candidateId ?? ''
  try {
    switch (form.get('intent')) {
      case 'lift-restriction':
        await api.privacy.liftRestriction({ candidateId })
        return json<ActionResult>({ message: 'Processing may resume.' })
      case 'request-consent': {
        const { consentUrl, emailed, expiresAt } = await api.consent.request({ candidateId })
        const until = new Date(expiresAt).toISOString().slice(0, 10)
        return json<ActionResult>({
          message: emailed ? `The consent request was emailed to the candidate (valid until ${until}).` : `No email on file: give the candidate this link (valid until ${until}).`,
          consentUrl,
        })
      }
      case 'record-consent': {
        const fields = formFields(form)
        const granted = new Set(form.getAll('purpose').map(String))
        await api.consent.recordInPerson({
          candidateId,
          language: fields.language === 'tr' ? 'tr' : 'en',
          version: fields.version ?? '',
          answers: { RECORDING: granted.has('RECORDING'), AI_ANALYSIS: granted.has('AI_ANALYSIS') },
        })
        return json<ActionResult>({ message: 'Consent recorded.' })
      }
      default:
        return json<ActionErrors>({ formError: 'Unknown action.' }, { status: 400 })
    }
  } catch (error) {
    return actionError(error)
  }
}

type ActionResult = ActionErrors & { message?: string; consentUrl?: string }

export default function CandidatePage() {
  const { candidate, country, cvs, consent, maxCvMb } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const { can } = usePermissions()
  const revalidator = useRevalidator()
  const parsing = cvs.some((cv) => cv.status === 'QUEUED' || cv.status === 'RUNNING')
  // While a CV is being read, look again every few seconds.
  useEffect(() => {
    if (!parsing) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 2000)
    return () => clearInterval(timer)
  }, [parsing, revalidator])

  return (
    <>
      <p>
        <Link to="/app/jobs">Jobs</Link> › {candidate.name}
      </p>
      <h1>{candidate.name}</h1>
      {result?.message ? (
        <p role="status">
          {result.message} {result.consentUrl ? <code className="copyable">{result.consentUrl}</code> : null}
        </p>
      ) : null}
      <FormError message={result?.formError} />
      {candidate.processingRestrictedAt ? (
        <div className="notice">
          <p>
            Processing restricted since {new Date(candidate.processingRestrictedAt).toISOString().slice(0, 10)} (
            {candidate.processingRestrictionReason}): no recordings, CV reading or AI analysis.
          </p>
          {can('privacy_requests.manage') ? (
            <ActionButton intent="lift-restriction" label="Lift the restriction" formLabel="Lift the processing restriction" />
          ) : null}
        </div>
      ) : null}
      <dl className="facts">
        <dt>Location</dt>
        <dd>{candidate.location || '—'}</dd>
        <dt>Country of residence</dt>
        <dd>{country ?? '—'}</dd>
        {'email' in candidate ? (
          <>
            <dt>Email</dt>
            <dd>{candidate.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{candidate.phone ?? '—'}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="applications-heading">
        <h2 id="applications-heading">Applications</h2>
        {candidate.applications.length === 0 ? (
          <p className="empty">No applications to jobs you can see.</p>
        ) : (
          <ul className="plain">
            {candidate.applications.map((a) => (
              <li key={a.id}>
                <Link to={`/app/jobs/${a.job.id}`}>{a.job.title}</Link> — {a.stage?.name ?? 'no stage'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ConsentSection consent={consent} canManage={can('candidates.update')} />

      <section className="card" aria-labelledby="cv-heading">
        <h2 id="cv-heading">CV</h2>
        {cvs.length === 0 ? <p className="empty">No CV yet.</p> : null}
        {cvs.map((cv) => (
          <article key={cv.id} aria-label={`CV ${cv.fileName}`}>
            <h3>{cv.fileName}</h3>
            <p className="hint">
              {(cv.sizeBytes / 1024).toFixed(0)} KB · uploaded {new Date(cv.createdAt).toLocaleString()} · SHA-256 <code>{cv.sha256.slice(0, 16)}…</code>
            </p>
            {cv.status === 'QUEUED' || cv.status === 'RUNNING' ? (
              <div className="job-progress" aria-live="polite">
                <label htmlFor={`cv-progress-${cv.id}`}>Reading the CV…</label>
                <progress id={`cv-progress-${cv.id}`} max={100} value={cv.progress} />
              </div>
            ) : null}
            {cv.parseError ? <p className="form-error">{cv.parseError}</p> : null}
            {cv.profile ? <Profile profile={cv.profile} parser={cv.parser} /> : null}
          </article>
        ))}
        {can('candidates.create') ? (
          <FileUpload
            action={`/app/candidates/${candidate.id}/cv`}
            formLabel="Upload a CV"
            fieldLabel="CV (PDF or Word)"
            accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            hint="PDF or DOCX"
            submitLabel="Upload CV"
            uploadedMessage="Uploaded. The CV is being read."
            maxMb={maxCvMb}
            onUploaded={() => revalidator.revalidate()}
          />
        ) : null}
      </section>
    </>
  )
}

type ProfileData = {
  name: string | null
  email: string | null
  phone: string | null
  location: string | null
  headline: string | null
  summary: string | null
  links: string[]
  skills: string[]
  experience: { title: string; organization: string | null; period: string | null }[]
  education: { qualification: string; institution: string | null; period: string | null }[]
}

function Profile({ profile, parser }: { profile: ProfileData; parser: string | null }) {
  return (
    <div className="profile">
      <p className="hint">
        Read {parser?.startsWith('llm:') ? `by the language model (${parser.slice(4)})` : 'locally'}. Check it against the document: it
        informs, it does not decide.
      </p>
      {profile.headline ? <p>{profile.headline}</p> : null}
      {profile.summary ? <p>{profile.summary}</p> : null}
      <h4>Skills</h4>
      {profile.skills.length ? <p>{profile.skills.join(' · ')}</p> : <p className="hint">None found.</p>}
      <h4>Experience</h4>
      {profile.experience.length ? (
        <ul className="plain">
          {profile.experience.map((e, i) => (
            <li key={i}>
              <strong>{e.title}</strong>
              {e.organization ? `, ${e.organization}` : ''} {e.period ? <span className="hint">({e.period})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">None found.</p>
      )}
      <h4>Education</h4>
      {profile.education.length ? (
        <ul className="plain">
          {profile.education.map((e, i) => (
            <li key={i}>
              <strong>{e.qualification}</strong>
              {e.institution ? `, ${e.institution}` : ''} {e.period ? <span className="hint">({e.period})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">None found.</p>
      )}
      {profile.links.length ? (
        <>
          <h4>Links</h4>
          <ul className="plain">
            {profile.links.map((link) => (
              <li key={link}>
                <a href={link} rel="noopener noreferrer nofollow" target="_blank">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}
