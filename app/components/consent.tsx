import { ActionButton, SecureForm, SubmitButton } from '~/components/forms'

type Purpose = 'RECORDING' | 'AI_ANALYSIS' | 'TRANSFER_ABROAD'
type Answer = { granted: boolean; at: string; language: string; noticeHash: string; source: 'CANDIDATE' | 'MEMBER' }
type Notice = {
  language: 'en' | 'tr'
  version: string
  title: string
  intro: string[]
  sections: { purpose: Purpose; heading: string; paragraphs: string[]; question: string }[]
  rights: string[]
}
export type CandidateConsentView = {
  regime: 'gdpr' | 'kvkk'
  purposes: Purpose[]
  answers: Partial<Record<Purpose, Answer>>
  history: { purpose: Purpose; granted: boolean; language: string; noticeHash: string; source: 'CANDIDATE' | 'MEMBER'; createdAt: string }[]
  lastRequest: { createdAt: string; expiresAt: string } | null
  canRecordInPerson: boolean
  notices: Notice[]
}

const purposeNames: Record<Purpose, string> = {
  RECORDING: 'Recording and transcription',
  AI_ANALYSIS: 'AI analysis',
  TRANSFER_ABROAD: 'Processing outside Türkiye',
}
const languageNames: Record<string, string> = { en: 'English', tr: 'Turkish' }
const sourceNames = { CANDIDATE: 'by the candidate, on their page', MEMBER: 'in person, recorded by a member' }
const day = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ')

/** The candidate's consent on their page: where it stands, how to ask for it, and its history. */
export function ConsentSection({ consent, canManage }: { consent: CandidateConsentView; canManage: boolean }) {
  return (
    <section className="card" aria-labelledby="consent-heading">
      <h2 id="consent-heading">Consent</h2>
      <p className="hint">
        {consent.regime === 'kvkk'
          ? 'Candidate in Türkiye (KVKK): the notice is in Turkish, and recording or AI analysis also needs explicit consent to processing abroad, given by the candidate on their own page.'
          : 'Recording needs the candidate’s consent to recording; AI analysis needs their consent to AI analysis.'}
      </p>
      <table>
        <caption className="visually-hidden">Consent per purpose</caption>
        <thead>
          <tr>
            <th scope="col">Purpose</th>
            <th scope="col">Answer</th>
            <th scope="col">When and how</th>
            <th scope="col">Notice</th>
          </tr>
        </thead>
        <tbody>
          {consent.purposes.map((purpose) => {
            const answer = consent.answers[purpose]
            return (
              <tr key={purpose}>
                <th scope="row">{purposeNames[purpose]}</th>
                <td>{answer ? <span className={answer.granted ? 'badge ok' : 'badge'}>{answer.granted ? 'Agreed' : 'Declined'}</span> : 'Not asked yet'}</td>
                <td>{answer ? `${day(answer.at)} UTC, ${sourceNames[answer.source]}` : '—'}</td>
                <td>
                  {answer ? (
                    <>
                      {languageNames[answer.language] ?? answer.language}, version <code>{answer.noticeHash.slice(0, 12)}</code>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {canManage ? (
        <>
          <ActionButton intent="request-consent" label="Send the consent request" formLabel="Send the consent request" className="button" />
          <p className="hint">
            The candidate gets a personal link to read the notice in their language and answer; the same link withdraws consent at any time.
            {consent.lastRequest ? ` Last sent ${day(consent.lastRequest.createdAt)} UTC.` : ''}
          </p>
          {consent.canRecordInPerson ? (
            <details>
              <summary>Record consent given in person</summary>
              <p className="hint">Read the notice to the candidate first, in their language, then record each answer.</p>
              {consent.notices.map((notice) => (
                <InPersonForm key={notice.language} notice={notice} />
              ))}
            </details>
          ) : null}
        </>
      ) : null}
      {consent.history.length ? (
        <details>
          <summary>History ({consent.history.length})</summary>
          <ol className="plain">
            {consent.history.map((row, i) => (
              <li key={i}>
                {day(row.createdAt)} UTC — {purposeNames[row.purpose]}: {row.granted ? 'agreed' : 'declined'} ({sourceNames[row.source]},{' '}
                {languageNames[row.language] ?? row.language}, version <code>{row.noticeHash.slice(0, 12)}</code>)
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  )
}

function InPersonForm({ notice }: { notice: Notice }) {
  const label = `Record in-person consent (${languageNames[notice.language]})`
  return (
    <SecureForm aria-label={label} lang={notice.language}>
      <input type="hidden" name="intent" value="record-consent" />
      <input type="hidden" name="language" value={notice.language} />
      <input type="hidden" name="version" value={notice.version} />
      <h3>{notice.title}</h3>
      {notice.intro.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {notice.sections.map((section) => (
        <fieldset key={section.purpose}>
          <legend>{section.heading}</legend>
          {section.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          <div className="field checkbox">
            <input type="checkbox" id={`in-person-${notice.language}-${section.purpose}`} name="purpose" value={section.purpose} />
            <label htmlFor={`in-person-${notice.language}-${section.purpose}`}>{section.question}</label>
          </div>
        </fieldset>
      ))}
      <SubmitButton className="button">{label}</SubmitButton>
    </SecureForm>
  )
}
