import { SecureForm } from '~/components/forms'

/**
 * Asked once per browser, before any analytics runs: nothing but strictly
 * necessary cookies (session, CSRF, this answer) is set until "Allow".
 * Both buttons are equally prominent; the answer can be changed on the
 * account's privacy page.
 */
export function CookieBanner({ returnTo }: { returnTo: string }) {
  return (
    <aside className="cookie-banner" aria-labelledby="cookie-banner-heading">
      <h2 id="cookie-banner-heading">Cookies</h2>
      <p>
        Hireproof uses only the cookies it needs to keep you signed in and your forms safe. With your permission we would also measure
        which features are used (PostHog analytics from our servers, with ids but no names, emails or candidate data; no screen
        recording).
      </p>
      <AnalyticsChoice returnTo={returnTo} />
    </aside>
  )
}

export function AnalyticsChoice({ returnTo, current }: { returnTo: string; current?: 'granted' | 'denied' | null }) {
  return (
    <SecureForm action="/cookie-consent" className="inline-form" aria-label="Analytics cookies">
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" name="analytics" value="granted" className="button" aria-pressed={current ? current === 'granted' : undefined}>
        Allow analytics
      </button>
      <button type="submit" name="analytics" value="denied" className="button" aria-pressed={current ? current === 'denied' : undefined}>
        Only necessary cookies
      </button>
    </SecureForm>
  )
}
