import { analyticsConsentCookie, analyticsConsentOf, type AnalyticsConsent } from '../../server/auth/cookies'
import { getEnv } from './env.server'

/** The browser's analytics cookie answer, or null when it was not asked yet. */
export const analyticsConsent = (request: Request) => analyticsConsentOf(request, getEnv().secureCookies)

export const analyticsConsentSetCookie = (choice: AnalyticsConsent) => analyticsConsentCookie(choice, getEnv().secureCookies)
