import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import type { RouteHandle } from '~/root'
import { getApi } from '~/utils/api.server'
import { LanguageSwitch, NoticeForm } from '~/components/candidate-notice'

/**
 * A candidate's consent page, reached from the link in their email. No
 * account and no JavaScript: plain forms, authenticated by the link's token.
 * `?withdraw=1` (the email's opt-out link) leads with the button that
 * withdraws everything; nothing changes until a button is pressed, because
 * mail scanners open links.
 */
export const handle: RouteHandle = { hydrate: false }
// same-origin: the token in the address never leaves in a Referer, and form posts keep their Origin for the CSRF check.
export const headers: HeadersFunction = () =>
  new Headers({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'same-origin' })

type Language = 'en' | 'tr'

const copy = {
  en: {
    pageTitle: 'Your consent',
    language: 'Language',
    save: 'Save my answers',
    saved: 'Your answers are saved. You can come back to this page to change them.',
    withdrawHeading: 'Withdraw every consent',
    withdrawText: 'This stops new recording and AI analysis of your interviews from now on.',
    withdraw: 'Withdraw all my consents',
    withdrawn: 'Done: every consent is withdrawn.',
    current: (granted: boolean | null) => (granted === null ? 'Not answered yet' : granted ? 'You agreed' : 'You said no'),
    expired: 'This link can no longer be used to give consent. You can still withdraw; ask the organization for a new link to agree.',
    invalid: 'This consent link is not valid. Ask the organization that sent it for a new one.',
    changed: 'The notice changed while this page was open. Please read it again below before answering.',
    failed: 'Your answers could not be saved. Please try again.',
    version: 'Notice version',
    subprocessors: 'Hireproof sub-processors',
    ai: 'How Hireproof uses AI',
  },
  tr: {
    pageTitle: 'Onayınız',
    language: 'Dil',
    save: 'Yanıtlarımı kaydet',
    saved: 'Yanıtlarınız kaydedildi. Değiştirmek için bu sayfaya dilediğiniz zaman dönebilirsiniz.',
    withdrawHeading: 'Tüm rızaları geri al',
    withdrawText: 'Bu, mülakatlarınızın bundan sonra kaydedilmesini ve yapay zekâ ile analiz edilmesini durdurur.',
    withdraw: 'Tüm rızalarımı geri al',
    withdrawn: 'Tamamlandı: tüm rızalarınız geri alındı.',
    current: (granted: boolean | null) => (granted === null ? 'Henüz yanıtlanmadı' : granted ? 'Kabul ettiniz' : 'Kabul etmediniz'),
    expired: 'Bu bağlantıyla artık onay verilemez. Rızanızı yine de geri alabilirsiniz; onay vermek için kuruluştan yeni bir bağlantı isteyin.',
    invalid: 'Bu onay bağlantısı geçerli değil. Bağlantıyı gönderen kuruluştan yenisini isteyin.',
    changed: 'Bu sayfa açıkken bildirim değişti. Lütfen yanıtlamadan önce aşağıda yeniden okuyun.',
    failed: 'Yanıtlarınız kaydedilemedi. Lütfen yeniden deneyin.',
    version: 'Bildirim sürümü',
    subprocessors: 'Hireproof alt işleyenleri',
    ai: 'Hireproof yapay zekâyı nasıl kullanır',
  },
} satisfies Record<Language, Record<string, unknown>>

const asLanguage = (value: unknown): Language | undefined => (value === 'en' || value === 'tr' ? value : undefined)

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && 'notice' in data && data.notice ? data.notice.title : 'Consent'} · Hireproof` },
  { name: 'robots', content: 'noindex, nofollow' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const language = asLanguage(url.searchParams.get('lang'))
  const { api } = await getApi(request, context)
  try {
    const page = await api.consent.page({ token: params.token ?? '', language })
    return json({ ...page, htmlLang: page.notice.language, withdrawFirst: url.searchParams.get('withdraw') === '1' })
  } catch (error) {
    if (!(error instanceof TRPCError) || getHTTPStatusCodeFromError(error) >= 500) throw error
    return json({ notice: null, htmlLang: language ?? 'en', invalidLanguage: language ?? 'en' } as const, { status: 404 })
  }
}

type ActionResult = { ok: true; withdrawn: boolean } | { ok: false; problem: 'expired' | 'invalid' | 'changed' | 'failed' }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null)
  if (!form) return json<ActionResult>({ ok: false, problem: 'failed' }, { status: 400 })
  const withdrawAll = form.get('intent') === 'withdraw-all'
  const { api } = await getApi(request, context)
  try {
    await api.consent.answer({
      token: params.token ?? '',
      language: asLanguage(form.get('language')) ?? 'en',
      version: String(form.get('version') ?? ''),
      answers: withdrawAll
        ? {}
        : Object.fromEntries((form.getAll('purpose') as string[]).filter((p) => /^[A-Z_]{1,40}$/.test(p)).map((p) => [p, true])),
    })
    return json<ActionResult>({ ok: true, withdrawn: withdrawAll })
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const status = getHTTPStatusCodeFromError(error)
    if (status >= 500) throw error
    const problem = status === 404 ? 'invalid' : status === 409 ? 'changed' : status === 422 ? 'expired' : 'failed'
    return json<ActionResult>({ ok: false, problem }, { status })
  }
}

export default function ConsentPage() {
  const data = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  if (!('answers' in data) || !data.notice) {
    const t = copy[data.htmlLang === 'tr' ? 'tr' : 'en']
    return (
      <main id="main" className="centered" lang={data.htmlLang}>
        <h1>{t.pageTitle}</h1>
        <p role="alert" className="form-error">
          {t.invalid}
        </p>
      </main>
    )
  }
  const { notice, answers, mayGrant, withdrawFirst } = data
  const t = copy[notice.language]
  const withdrawForm = (
    <section className="card" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{t.withdrawHeading}</h2>
      <p>{t.withdrawText}</p>
      <form method="post" aria-label={t.withdrawHeading}>
        <input type="hidden" name="intent" value="withdraw-all" />
        <input type="hidden" name="language" value={notice.language} />
        <input type="hidden" name="version" value={notice.version} />
        <button type="submit" className="button danger">
          {t.withdraw}
        </button>
      </form>
    </section>
  )
  return (
    <main id="main" className="consent-page" lang={notice.language}>
      <LanguageSwitch current={notice.language} label={t.language} />
      <h1>{notice.title}</h1>
      {result ? (
        result.ok ? (
          <p role="status" className="callout">
            {result.withdrawn ? t.withdrawn : t.saved}
          </p>
        ) : (
          <p role="alert" className="form-error">
            {t[result.problem]}
          </p>
        )
      ) : null}
      {!mayGrant ? <p className="notice">{t.expired}</p> : null}
      {withdrawFirst ? withdrawForm : null}
      {notice.intro.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      <NoticeForm notice={notice} answers={answers} intent="answer" saveLabel={t.save} current={t.current} mayGrant={mayGrant} />
      {notice.rights.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      {withdrawFirst ? null : withdrawForm}
      <p className="hint">
        <a href="/trust/subprocessors">{t.subprocessors}</a> · <a href="/trust/ai">{t.ai}</a> · {t.version}{' '}
        <code>{notice.version.slice(0, 12)}</code>
      </p>
    </main>
  )
}
