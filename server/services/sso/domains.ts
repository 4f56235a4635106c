import crypto from 'node:crypto'
import dns from 'node:dns'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { requirePlanFeature } from '../billing/plans'

/**
 * Email domains an organization proves it owns with a DNS TXT record. A
 * verified domain routes its users to the organization's SSO ("Sign in with
 * SSO" asks only for the email) and bounds what its identity provider may
 * assert (server/services/sso/sso-login.ts). A domain is verified by at most
 * one organization; public mailbox providers cannot be claimed.
 */
export const verificationRecordPrefix = 'hireproof-domain-verification='
export const verificationHost = (domain: string) => `_hireproof-challenge.${domain}`

const publicMailDomains = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'icloud.com', 'me.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'yandex.ru', 'mail.ru', 'qq.com', '163.com',
])
const domainPattern = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

export type TxtResolver = (name: string) => Promise<string[][]>

/** The system resolver, or the given servers ("host:port", for private DNS and tests). */
export function dnsTxtResolver(servers: string[] = []): TxtResolver {
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 })
  if (servers.length) resolver.setServers(servers)
  return (name) => resolver.resolveTxt(name)
}

export function normalizeDomain(input: string) {
  return input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '')
}

export async function listDomains(db: Database, orgId: string) {
  const domains = await db.prisma.verifiedDomain.findMany({ where: { orgId }, orderBy: { domain: 'asc' } })
  return domains.map((d) => ({
    id: d.id,
    domain: d.domain,
    verifiedAt: d.verifiedAt,
    recordName: verificationHost(d.domain),
    recordValue: `${verificationRecordPrefix}${d.verificationToken}`,
  }))
}

export async function addDomain(db: Database, access: Access, audit: AuditContext, input: { domain: string }) {
  const domain = normalizeDomain(input.domain)
  if (!domainPattern.test(domain)) throw new AppError('BAD_REQUEST', `“${input.domain.slice(0, 100)}” is not a domain name, such as example.com.`, { domain: 'Not a domain name' })
  if (publicMailDomains.has(domain)) {
    throw new AppError('UNPROCESSABLE', `${domain} is a public mailbox provider; only a domain your organization owns can be verified.`, { domain: 'Use your own domain' })
  }
  await requirePlanFeature(db.prisma, access.orgId, 'sso')
  return db.prisma.$transaction(async (tx) => {
    if (await tx.verifiedDomain.findUnique({ where: { orgId_domain: { orgId: access.orgId, domain } } })) {
      throw new AppError('CONFLICT', `${domain} is already on the list.`, { domain: 'Already added' })
    }
    const row = await tx.verifiedDomain.create({
      data: { orgId: access.orgId, domain, verificationToken: crypto.randomBytes(16).toString('hex') },
    })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'domain.added', targets: [{ type: 'domain', id: row.id, label: domain }] })
    return { id: row.id, domain, recordName: verificationHost(domain), recordValue: `${verificationRecordPrefix}${row.verificationToken}` }
  })
}

/** Looks the TXT record up now; verified when one of the records is exactly the expected value. */
export async function verifyDomain(db: Database, access: Access, audit: AuditContext, input: { domainId: string }, resolveTxt: TxtResolver, now = new Date()) {
  const row = await db.prisma.verifiedDomain.findFirst({ where: { id: input.domainId, orgId: access.orgId } })
  if (!row) throw new AppError('NOT_FOUND', 'Domain not found')
  if (row.verifiedAt) return { verified: true, domain: row.domain }
  await requirePlanFeature(db.prisma, access.orgId, 'sso')
  const expected = `${verificationRecordPrefix}${row.verificationToken}`
  let records: string[][] = []
  try {
    records = await resolveTxt(verificationHost(row.domain))
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code !== 'ENOTFOUND' && code !== 'ENODATA') {
      throw new AppError('UNPROCESSABLE', `The DNS lookup for ${verificationHost(row.domain)} failed (${code ?? 'error'}). Try again in a few minutes.`)
    }
  }
  if (!records.some((chunks) => chunks.join('') === expected)) {
    throw new AppError(
      'UNPROCESSABLE',
      `No TXT record ${verificationHost(row.domain)} with the value ${expected} was found yet. DNS changes can take a while to appear.`,
    )
  }
  return db.prisma.$transaction(async (tx) => {
    const claimed = await tx.verifiedDomain.findFirst({ where: { domain: row.domain, verifiedAt: { not: null }, orgId: { not: access.orgId } } })
    if (claimed) throw new AppError('CONFLICT', `${row.domain} is already verified by another organization. Contact support if it is yours.`)
    await tx.verifiedDomain.update({ where: { id: row.id }, data: { verifiedAt: now } })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'domain.verified', targets: [{ type: 'domain', id: row.id, label: row.domain }] })
    return { verified: true, domain: row.domain }
  })
}

export async function removeDomain(db: Database, access: Access, audit: AuditContext, input: { domainId: string }) {
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.verifiedDomain.findFirst({ where: { id: input.domainId, orgId: access.orgId } })
    if (!row) throw new AppError('NOT_FOUND', 'Domain not found')
    await tx.verifiedDomain.delete({ where: { id: row.id } })
    await appendAuditEvent(tx, audit, { orgId: access.orgId, action: 'domain.removed', targets: [{ type: 'domain', id: row.id, label: row.domain }] })
    return { removed: true }
  })
}
