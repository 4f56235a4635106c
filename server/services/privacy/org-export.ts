import type { Database } from '../../db'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { candidateExport, candidateExportRows, csvLine } from './candidate-export'

/**
 * The whole organization's data, at any time, streamed so its size does not
 * matter: JSON (for the API and machines) or CSV (one row per fact, for
 * spreadsheets). Members, jobs with rubrics and stages, retention rules, and
 * every candidate as in an access request. Stored files are listed with
 * their checksums, not embedded. Starting an export is audited.
 */
export async function beginOrgExport(db: Database, access: Access, audit: AuditContext, format: 'json' | 'csv') {
  await db.prisma.$transaction((tx) =>
    appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'org.exported', targets: [{ type: 'organization', id: access.orgId }], metadata: { format } }),
  )
  return { orgId: access.orgId, format }
}

async function* candidateIds(db: Database, orgId: string) {
  let cursor: string | undefined
  while (true) {
    const page = await db.prisma.candidate.findMany({
      where: { orgId },
      orderBy: { id: 'asc' },
      take: 100,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true },
    })
    if (page.length === 0) return
    for (const { id } of page) yield id
    cursor = page.at(-1)!.id
  }
}

async function organizationPart(db: Database, orgId: string) {
  const [org, members, jobs, retentionRules] = await Promise.all([
    db.prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true, slug: true, plan: true, region: true, createdAt: true } }),
    db.prisma.membership.findMany({ where: { orgId }, select: { status: true, createdAt: true, user: { select: { name: true, email: true } }, role: { select: { name: true } } } }),
    db.prisma.job.findMany({
      where: { orgId },
      orderBy: { createdAt: 'asc' },
      include: { competencies: { orderBy: { position: 'asc' } }, stages: { orderBy: { position: 'asc' } } },
    }),
    db.prisma.retentionRule.findMany({ where: { orgId } }),
  ])
  return {
    organization: org,
    members: members.map((m) => ({ name: m.user.name, email: m.user.email, role: m.role.name, status: m.status, since: m.createdAt })),
    jobs: jobs.map((j) => ({
      title: j.title,
      description: j.description,
      location: j.location,
      region: j.region,
      status: j.status,
      createdAt: j.createdAt,
      rubric: j.competencies.map((c) => ({ name: c.name, description: c.description, weight: c.weight })),
      stages: j.stages.map((s) => ({ name: s.name, kind: s.kind })),
    })),
    retentionRules: retentionRules.map(({ dataKind, action, afterDays, region, candidateStatus, enabled }) => ({ dataKind, action, afterDays, region, candidateStatus, enabled })),
  }
}

export async function* orgExportJson(db: Database, orgId: string) {
  const head = await organizationPart(db, orgId)
  yield `{"format":"hireproof-organization-export/1",${JSON.stringify(head).slice(1, -1)},"candidates":[`
  let first = true
  for await (const id of candidateIds(db, orgId)) {
    const { format: _format, ...candidate } = await candidateExport(db, orgId, id)
    yield `${first ? '' : ','}${JSON.stringify(candidate)}`
    first = false
  }
  yield ']}\n'
}

export async function* orgExportCsv(db: Database, orgId: string) {
  const head = await organizationPart(db, orgId)
  yield csvLine(['record', 'section', 'item', 'field', 'value'])
  for (const [field, value] of Object.entries(head.organization)) yield csvLine(['organization', 'organization', '', field, value])
  for (const [i, m] of head.members.entries()) for (const [field, value] of Object.entries(m)) yield csvLine(['organization', 'member', i + 1, field, value])
  for (const [i, j] of head.jobs.entries()) for (const [field, value] of Object.entries(j)) yield csvLine(['organization', 'job', i + 1, field, value])
  let n = 0
  for await (const id of candidateIds(db, orgId)) {
    n++
    for (const row of candidateExportRows(await candidateExport(db, orgId, id))) yield csvLine([`candidate ${n}`, ...row])
  }
}
