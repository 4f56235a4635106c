import type { ReactNode } from 'react'
import { getClaim, type Claim, type ClaimId } from '../claims'
import { certificationStatusLabel, type CertificationStatus } from '../company'

type Tone = 'ok' | 'progress' | 'planned' | 'neutral' | 'warn'

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`trust-badge trust-badge--${tone}`}>{children}</span>
}

const certificationTone: Record<CertificationStatus, Tone> = {
  awarded: 'ok',
  'in-progress': 'progress',
  planned: 'planned',
  'not-applicable': 'neutral',
}

export function CertificationBadge({ status }: { status: CertificationStatus }) {
  return <Badge tone={certificationTone[status]}>{certificationStatusLabel[status]}</Badge>
}

export function ClaimBadge({ claim }: { claim: Claim }) {
  return claim.status === 'available' ? <Badge tone="ok">Available</Badge> : <Badge tone="planned">On the roadmap</Badge>
}

/** How an available claim is verified: the test file and the exact test title. */
export function ClaimEvidence({ claim }: { claim: Claim }) {
  if (claim.status !== 'available') return null
  return (
    <details className="claim-evidence">
      <summary>How this is verified</summary>
      <ul>
        {claim.evidence.map((e) => (
          <li key={`${e.file}:${e.test}`}>
            <code>{e.file}</code>: “{e.test}”
          </li>
        ))}
      </ul>
    </details>
  )
}

/** The capabilities an answer relies on, each with its current status. */
export function ClaimList({ ids }: { ids: readonly ClaimId[] }) {
  if (ids.length === 0) return null
  return (
    <div className="claim-list">
      <p className="claim-list__title">Capability status</p>
      <ul>
        {ids.map((id) => {
          const claim = getClaim(id)
          return (
            <li key={id}>
              <ClaimBadge claim={claim} /> <span className="claim-list__name">{claim.title}</span>
              <ClaimEvidence claim={claim} />
            </li>
          )
        })}
      </ul>
    </div>
  )
}
