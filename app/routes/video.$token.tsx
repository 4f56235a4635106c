import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData, useParams, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { useState } from 'react'
import { LanguageSwitch, NoticeForm } from '~/components/candidate-notice'
import { AnswerRecorder, CameraPreview, useCamera, type RecorderCopy } from '~/components/video-recorder'
import { getApi } from '~/utils/api.server'

/**
 * A candidate's one-way video interview, reached from the link in their
 * email; no account. First the consent notice (plain forms, no JavaScript
 * needed), then one recorder per question (recording needs JavaScript and a
 * camera), then submission with the take chosen for each answer.
 */
// same-origin: the token in the address never leaves in a Referer, and form posts keep their Origin for the CSRF check.
export const headers: HeadersFunction = () =>
  new Headers({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'same-origin' })

type Language = 'en' | 'tr'
const asLanguage = (value: unknown): Language | undefined => (value === 'en' || value === 'tr' ? value : undefined)

const copy = {
  en: {
    heading: (org: string) => `Video interview with ${org}`,
    language: 'Language',
    invalid: 'This video interview link is not valid. Ask the organization that sent it for a new one.',
    submitted: 'Thank you: your answers are submitted. The organization will be in touch.',
    cancelled: 'This video interview was cancelled by the organization.',
    expired: 'This video interview link has expired. Ask the organization for a new one.',
    intro: (questions: number, minutes: number, takes: number) =>
      `There ${questions === 1 ? 'is 1 question' : `are ${questions} questions`}. Each answer can be up to ${minutes} minute${minutes === 1 ? '' : 's'} long. You may record each answer up to ${takes} time${takes === 1 ? '' : 's'} and choose which take to send.`,
    noFaces: 'Only what you say is transcribed and analysed. Nothing is inferred from your face, expressions or voice.',
    consentHeading: 'Before you start: your consent',
    consentNeeded: 'Your answers can be recorded only after you agree to the recording below.',
    saveConsent: 'Save my answers',
    consentSaved: 'Your answers are saved.',
    consentChanged: 'The notice changed while this page was open. Please read it again below.',
    current: (granted: boolean | null) => (granted === null ? 'Not answered yet' : granted ? 'You agreed' : 'You said no'),
    cameraHeading: 'Your camera',
    cameraStart: 'Turn on camera and microphone',
    cameraDenied: 'The camera or microphone could not be turned on. Allow them for this page in your browser, then try again.',
    preview: 'Your camera',
    needsScript: 'Recording needs JavaScript and a browser with a camera.',
    question: (n: number, of: number) => `Question ${n} of ${of}`,
    take: (n: number) => `Take ${n}`,
    send: 'Send this take',
    submitHeading: 'Submit',
    submitText: 'When every question has an answer, submit them. After that nothing can be changed. Takes you do not send are deleted.',
    submit: 'Submit my answers',
    submitFailed: 'Your answers could not be submitted.',
    recorder: {
      record: 'Record answer',
      stop: 'Stop recording',
      remaining: (s: number) => `Recording · ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left`,
      uploading: (p: number) => `Saving your answer: ${p}%`,
      uploaded: 'Answer saved. You can watch it below, record it again, or go on.',
      failed: 'Your answer could not be saved. Please try again.',
      interrupted: 'The connection was interrupted while saving. Please record the answer again.',
      noRecorder: 'This browser cannot record video. Please use a recent Chrome, Edge, Firefox or Safari.',
      takesLeft: (n: number) => `${n} take${n === 1 ? '' : 's'} left`,
      noTakesLeft: 'No takes left for this question: choose one below.',
    } satisfies RecorderCopy,
  },
  tr: {
    heading: (org: string) => `${org} ile video mülakat`,
    language: 'Dil',
    invalid: 'Bu video mülakat bağlantısı geçerli değil. Bağlantıyı gönderen kuruluştan yenisini isteyin.',
    submitted: 'Teşekkürler: yanıtlarınız gönderildi. Kuruluş sizinle iletişime geçecek.',
    cancelled: 'Bu video mülakat kuruluş tarafından iptal edildi.',
    expired: 'Bu video mülakat bağlantısının süresi doldu. Kuruluştan yeni bir bağlantı isteyin.',
    intro: (questions: number, minutes: number, takes: number) =>
      `${questions} soru var. Her yanıt en fazla ${minutes} dakika sürebilir. Her yanıtı en fazla ${takes} kez kaydedip hangisini göndereceğinizi seçebilirsiniz.`,
    noFaces: 'Yalnızca söyledikleriniz yazıya dökülür ve analiz edilir. Yüzünüzden, ifadelerinizden veya sesinizden hiçbir çıkarım yapılmaz.',
    consentHeading: 'Başlamadan önce: onayınız',
    consentNeeded: 'Yanıtlarınız ancak aşağıda kayda onay verdikten sonra kaydedilebilir.',
    saveConsent: 'Yanıtlarımı kaydet',
    consentSaved: 'Yanıtlarınız kaydedildi.',
    consentChanged: 'Bu sayfa açıkken bildirim değişti. Lütfen aşağıda yeniden okuyun.',
    current: (granted: boolean | null) => (granted === null ? 'Henüz yanıtlanmadı' : granted ? 'Kabul ettiniz' : 'Kabul etmediniz'),
    cameraHeading: 'Kameranız',
    cameraStart: 'Kamerayı ve mikrofonu aç',
    cameraDenied: 'Kamera veya mikrofon açılamadı. Tarayıcınızda bu sayfa için izin verin ve yeniden deneyin.',
    preview: 'Kameranız',
    needsScript: 'Kayıt için JavaScript ve kameralı bir tarayıcı gerekir.',
    question: (n: number, of: number) => `Soru ${n} / ${of}`,
    take: (n: number) => `Kayıt ${n}`,
    send: 'Bu kaydı gönder',
    submitHeading: 'Gönder',
    submitText: 'Her sorunun bir yanıtı olduğunda gönderin. Bundan sonra hiçbir şey değiştirilemez. Göndermediğiniz kayıtlar silinir.',
    submit: 'Yanıtlarımı gönder',
    submitFailed: 'Yanıtlarınız gönderilemedi.',
    recorder: {
      record: 'Yanıtı kaydet',
      stop: 'Kaydı durdur',
      remaining: (s: number) => `Kaydediliyor · ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} kaldı`,
      uploading: (p: number) => `Yanıtınız kaydediliyor: %${p}`,
      uploaded: 'Yanıt kaydedildi. Aşağıda izleyebilir, yeniden kaydedebilir veya devam edebilirsiniz.',
      failed: 'Yanıtınız kaydedilemedi. Lütfen yeniden deneyin.',
      interrupted: 'Kayıt sırasında bağlantı kesildi. Lütfen yanıtı yeniden kaydedin.',
      noRecorder: 'Bu tarayıcı video kaydedemiyor. Lütfen güncel bir Chrome, Edge, Firefox veya Safari kullanın.',
      takesLeft: (n: number) => `${n} kayıt hakkı kaldı`,
      noTakesLeft: 'Bu soru için kayıt hakkı kalmadı: aşağıdan birini seçin.',
    } satisfies RecorderCopy,
  },
}

export const meta: MetaFunction = () => [{ title: 'Video interview · Hireproof' }, { name: 'robots', content: 'noindex, nofollow' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const language = asLanguage(new URL(request.url).searchParams.get('lang'))
  const { api } = await getApi(request, context)
  try {
    const page = await api.videoInterview.candidatePage({ token: params.token ?? '', language })
    return json({ page, htmlLang: page.consent.notice.language })
  } catch (error) {
    if (!(error instanceof TRPCError) || getHTTPStatusCodeFromError(error) >= 500) throw error
    return json({ page: null, htmlLang: language ?? 'en' }, { status: 404 })
  }
}

type ActionResult = { intent: string; ok: boolean; message?: string; fieldErrors?: Record<string, string> }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null)
  if (!form) return json<ActionResult>({ intent: '', ok: false, message: 'The form could not be read.' }, { status: 400 })
  const intent = String(form.get('intent') ?? '')
  const token = params.token ?? ''
  const { api } = await getApi(request, context)
  try {
    if (intent === 'consent') {
      await api.videoInterview.answerConsent({
        token,
        language: asLanguage(form.get('language')) ?? 'en',
        version: String(form.get('version') ?? ''),
        answers: Object.fromEntries((form.getAll('purpose') as string[]).filter((p) => /^[A-Z_]{1,40}$/.test(p)).map((p) => [p, true])),
      })
      return json<ActionResult>({ intent, ok: true })
    }
    if (intent === 'submit') {
      const choices = Object.fromEntries(
        [...form.entries()].flatMap(([name, value]) => (name.startsWith('choice-') && typeof value === 'string' ? [[name.slice('choice-'.length), value]] : [])),
      )
      await api.videoInterview.submit({ token, choices })
      return json<ActionResult>({ intent, ok: true })
    }
    return json<ActionResult>({ intent, ok: false, message: 'Unknown action.' }, { status: 400 })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = getHTTPStatusCodeFromError(error)
    if (status >= 500) throw error
    const cause = error.cause as { fieldErrors?: Record<string, string> } | undefined
    return json<ActionResult>({ intent, ok: false, message: error.message, fieldErrors: cause?.fieldErrors }, { status })
  }
}

export default function CandidateVideoInterview() {
  const { page, htmlLang } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const revalidator = useRevalidator()
  const root = useRouteLoaderData<{ csrf: string }>('root')
  const camera = useCamera()
  const token = useParams().token ?? ''
  const [busyQuestion, setBusyQuestion] = useState<string | null>(null)
  const t = copy[htmlLang === 'tr' ? 'tr' : 'en']
  if (!page) {
    return (
      <main id="main" className="centered" lang={htmlLang}>
        <h1>{t.heading('Hireproof')}</h1>
        <p role="alert" className="form-error">
          {t.invalid}
        </p>
      </main>
    )
  }
  const { notice, answers, mayRecord } = page.consent
  return (
    <main id="main" className="consent-page video-interview" lang={notice.language}>
      <LanguageSwitch current={notice.language} label={t.language} />
      <h1>{t.heading(page.organization)}</h1>
      <p className="hint">
        {page.jobTitle} · {page.title}
      </p>
      {page.state !== 'open' ? (
        <p role="status" className="callout">
          {t[page.state]}
        </p>
      ) : (
        <>
          <p>{t.intro(page.questions.length, Math.ceil(page.answerSeconds / 60), page.maxTakes)}</p>
          <p className="hint">{t.noFaces}</p>

          <section className="card" aria-labelledby="consent-heading">
            <h2 id="consent-heading">{t.consentHeading}</h2>
            {result?.intent === 'consent' ? (
              result.ok ? (
                <p role="status">{t.consentSaved}</p>
              ) : (
                <p role="alert" className="form-error">
                  {result.message}
                </p>
              )
            ) : null}
            {!mayRecord ? <p className="notice">{t.consentNeeded}</p> : null}
            <details open={!mayRecord}>
              <summary>{notice.title}</summary>
              {notice.intro.map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
              <NoticeForm notice={notice} answers={answers} intent="consent" saveLabel={t.saveConsent} current={t.current} />
              {notice.rights.map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
            </details>
          </section>

          {mayRecord ? (
            <>
              <section className="card" aria-labelledby="camera-heading">
                <h2 id="camera-heading">{t.cameraHeading}</h2>
                <noscript>
                  <p className="notice">{t.needsScript}</p>
                </noscript>
                {camera.stream ? (
                  <CameraPreview stream={camera.stream} label={t.preview} />
                ) : (
                  <button type="button" className="button primary" onClick={() => void camera.start(t.cameraDenied)}>
                    {t.cameraStart}
                  </button>
                )}
                {camera.error ? (
                  <p role="alert" className="form-error">
                    {camera.error}
                  </p>
                ) : null}
              </section>

              <form method="post" id="submit-form" aria-label={t.submitHeading}>
                <input type="hidden" name="intent" value="submit" />
              </form>
              {page.questions.map((question) => {
                const label = t.question(question.position + 1, page.questions.length)
                return (
                  <section key={question.id} className="card" aria-labelledby={`question-${question.id}`}>
                    <h2 id={`question-${question.id}`}>{label}</h2>
                    <p className="question-prompt">{question.prompt}</p>
                    {camera.stream ? (
                      <AnswerRecorder
                        stream={camera.stream}
                        uploadUrl={`/video/${token}/answers`}
                        csrf={root?.csrf ?? ''}
                        questionId={question.id}
                        questionLabel={label}
                        answerSeconds={page.answerSeconds}
                        takesLeft={page.maxTakes - question.takes.length}
                        busyElsewhere={busyQuestion !== null && busyQuestion !== question.id}
                        onBusyChange={(busy) => setBusyQuestion(busy ? question.id : null)}
                        onUploaded={() => revalidator.revalidate()}
                        copy={t.recorder}
                      />
                    ) : null}
                    {question.takes.length > 0 ? (
                      <fieldset className="takes">
                        <legend>{t.send}</legend>
                        {question.takes.map((take, i) => (
                          <div key={take.id} className="take">
                            <video controls preload="metadata" src={`/video/${token}/takes/${take.id}`} aria-label={`${label}, ${t.take(i + 1)}`} />
                            <div className="field checkbox">
                              <input
                                type="radio"
                                form="submit-form"
                                id={`choice-${take.id}`}
                                name={`choice-${question.id}`}
                                value={take.id}
                                defaultChecked={i === question.takes.length - 1}
                              />
                              <label htmlFor={`choice-${take.id}`}>{t.take(i + 1)}</label>
                            </div>
                          </div>
                        ))}
                      </fieldset>
                    ) : null}
                    {result?.intent === 'submit' && result.fieldErrors?.[question.id] ? <p className="field-error">{result.fieldErrors[question.id]}</p> : null}
                  </section>
                )
              })}

              <section className="card" aria-labelledby="submit-heading">
                <h2 id="submit-heading">{t.submitHeading}</h2>
                <p>{t.submitText}</p>
                {result?.intent === 'submit' && !result.ok ? (
                  <p role="alert" className="form-error">
                    {result.message ?? t.submitFailed}
                  </p>
                ) : null}
                <button type="submit" form="submit-form" className="button primary" disabled={busyQuestion !== null}>
                  {t.submit}
                </button>
              </section>
            </>
          ) : null}
        </>
      )}
    </main>
  )
}
