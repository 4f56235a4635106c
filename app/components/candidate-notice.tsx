/**
 * What a candidate sees on the pages of their own links (consent, video
 * interview): the language switch and the consent notice as a plain form, one
 * checkbox per purpose. Plain HTML forms: they work without JavaScript.
 */
type Language = 'en' | 'tr'
type Purpose = 'RECORDING' | 'AI_ANALYSIS' | 'TRANSFER_ABROAD'
export type CandidateNotice = {
  language: Language
  version: string
  title: string
  intro: string[]
  sections: { purpose: Purpose; heading: string; paragraphs: string[]; question: string }[]
  rights: string[]
}

const languageNames: Record<Language, string> = { en: 'English', tr: 'Türkçe' }

export function LanguageSwitch({ current, label }: { current: Language; label: string }) {
  return (
    <nav aria-label={label} className="language-switch">
      {(Object.keys(languageNames) as Language[]).map((language) =>
        language === current ? (
          <strong key={language} aria-current="page">
            {languageNames[language]}
          </strong>
        ) : (
          <a key={language} href={`?lang=${language}`} hrefLang={language} lang={language}>
            {languageNames[language]}
          </a>
        ),
      )}
    </nav>
  )
}

/** The notice's purposes as a form posting `intent`, `language`, `version` and the checked `purpose`s. */
export function NoticeForm(props: {
  notice: CandidateNotice
  answers: Partial<Record<Purpose, boolean | null>>
  intent: string
  saveLabel: string
  /** What the candidate answered so far, under each question. */
  current: (granted: boolean | null) => string
  /** After a link's grant window only what is already granted stays checkable (withdrawing stays possible). */
  mayGrant?: boolean
}) {
  const { notice, answers, mayGrant = true } = props
  return (
    <form method="post" className="stack" aria-label={notice.title}>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="language" value={notice.language} />
      <input type="hidden" name="version" value={notice.version} />
      {notice.sections.map((section) => (
        <fieldset key={section.purpose}>
          <legend>{section.heading}</legend>
          {section.paragraphs.map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
          <div className="field checkbox">
            <input
              type="checkbox"
              id={`purpose-${section.purpose}`}
              name="purpose"
              value={section.purpose}
              defaultChecked={answers[section.purpose] === true}
              disabled={!mayGrant && answers[section.purpose] !== true}
            />
            <label htmlFor={`purpose-${section.purpose}`}>{section.question}</label>
          </div>
          <p className="hint">{props.current(answers[section.purpose] ?? null)}</p>
        </fieldset>
      ))}
      <div>
        <button type="submit" className="button">
          {props.saveLabel}
        </button>
      </div>
    </form>
  )
}
