import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import type { RouteHandle } from '~/root'
import { claimAreaLabel, claims, claimsRevision, type ClaimArea } from '../../trust/claims'
import { certifications, overview, regions, sections } from '../../trust/company'
import { Badge, CertificationBadge, ClaimBadge, ClaimEvidence } from '../../trust/components/Status'
import { Blocks, InlineText, PageIntro } from '../../trust/components/Text'
import { trustHeaders, trustMeta } from '../../trust/http'
import { etagFor, revalidate } from '~/utils/trust.server'

export const handle: RouteHandle = { hydrate: false }
export const headers = trustHeaders
export const meta: MetaFunction = () =>
  trustMeta('Overview', 'Security, privacy and compliance at Hireproof: certifications, hosting, sub-processors, DPA and AI use.')

export async function loader({ request }: LoaderFunctionArgs) {
  const headers = revalidate(request, etagFor('overview', overview, certifications, regions, sections, claims, claimsRevision))
  return json(null, { headers })
}

const areas = Object.keys(claimAreaLabel) as ClaimArea[]

export default function TrustOverview() {
  const available = claims.filter((c) => c.status === 'available').length
  return (
    <>
      <PageIntro title="Hireproof Trust Center" revision={overview.revision} />
      <div className="trust-summary">
        <Blocks blocks={overview.summary} />
      </div>

      <section aria-labelledby="sections" className="trust-section">
        <h2 id="sections">Find what you need</h2>
        <ul className="section-grid">
          {sections
            .filter((s) => s.href !== '/trust')
            .map((section) => (
              <li key={section.href}>
                <a href={section.href} className="section-card">
                  <span className="section-card__title">{section.label}</span>
                  <span className="section-card__text">{section.description}</span>
                </a>
              </li>
            ))}
          <li>
            <a href="/.well-known/security.txt" className="section-card">
              <span className="section-card__title">security.txt</span>
              <span className="section-card__text">Our security contact in the standard machine-readable form.</span>
            </a>
          </li>
        </ul>
        <p className="trust-meta">
          <Badge tone="neutral">No JavaScript</Badge> Every page here is plain HTML and works with scripts turned off.
        </p>
      </section>

      <section aria-labelledby="certifications" className="trust-section">
        <h2 id="certifications">Certifications and attestations</h2>
        <p>We list only what has been issued as awarded. Today no certification has been awarded; this is where each one stands.</p>
        <ul className="cert-list">
          {certifications.map((cert) => (
            <li key={cert.id} id={`cert-${cert.id}`} className="cert">
              <div className="cert__head">
                <h3>{cert.name}</h3>
                <CertificationBadge status={cert.status} />
              </div>
              <p>
                <InlineText text={cert.detail} />
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="hosting" className="trust-section">
        <h2 id="hosting">Hosting and data location</h2>
        <p>Each workspace lives in one region, chosen when it is created.</p>
        <div className="region-grid">
          {regions.map((region) => (
            <article key={region.id} className="region" aria-labelledby={`region-${region.id}`}>
              <h3 id={`region-${region.id}`}>{region.name}</h3>
              <dl>
                <dt>Application, database and backups</dt>
                <dd>{region.compute}</dd>
                <dt>Recordings and files</dt>
                <dd>{region.files}</dd>
              </dl>
              <p>
                <InlineText text={region.notes} />
              </p>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="capabilities" className="trust-section">
        <h2 id="capabilities">Security capabilities</h2>
        <p>
          {available} of {claims.length} capabilities are available today. Each available one names the automated test that
          proves it, and our test suite fails if that test disappears. Everything else is marked as on the roadmap.
        </p>
        <div className="table-scroll" role="region" aria-label="Security capabilities (table)" tabIndex={0}>
          <table className="claims-table">
            <caption>Security capabilities and how they are verified</caption>
            <thead>
              <tr>
                <th scope="col">Capability</th>
                <th scope="col">Status</th>
                <th scope="col">What it means</th>
              </tr>
            </thead>
            {areas.map((area) => (
              <tbody key={area}>
                <tr className="group-row">
                  <th scope="colgroup" colSpan={3}>
                    {claimAreaLabel[area]}
                  </th>
                </tr>
                {claims
                  .filter((claim) => claim.area === area)
                  .map((claim) => (
                    <tr key={claim.id} id={`claim-${claim.id}`}>
                      <th scope="row">{claim.title}</th>
                      <td>
                        <ClaimBadge claim={claim} />
                      </td>
                      <td>
                        {claim.summary}
                        <ClaimEvidence claim={claim} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </div>
      </section>

    </>
  )
}
