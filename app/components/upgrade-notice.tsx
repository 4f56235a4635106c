import { Link } from '@remix-run/react'

/**
 * What an Enterprise feature's page shows on the Standard plan: the same
 * words as the server's refusal (server/services/billing/plans.ts), with the
 * Billing page as a link. `feature` is the sentence's subject, e.g. "SCIM provisioning".
 */
export function UpgradeNotice(props: { feature: string; plural?: boolean; className?: string }) {
  return (
    <p className={props.className ?? 'notice'} data-testid="upgrade-notice">
      {props.feature} {props.plural ? 'are' : 'is'} part of the Enterprise plan. An owner can upgrade on the{' '}
      <Link to="/app/billing">Billing page</Link>.
    </p>
  )
}
