import { Prisma } from '@prisma/client'
import type { Database } from '../../db'
import { AppError } from '../../errors'
import type { Access } from '../../authz/access'
import { assertCanDelegate } from '../../authz/delegation'
import { appendAuditEvent, type AuditContext } from '../../audit/append'
import { assertPlanFeature, requirePlanFeature } from '../billing/plans'
import {
  certificateFingerprint,
  isSamlError,
  normaliseCertificate,
  parseIdpMetadata,
  validateSsoUrl,
  type SamlServiceProvider,
} from '../../auth/saml/saml-sp'

/**
 * An organization's SAML connection (Enterprise plan): the identity provider
 * from its metadata XML or from fields, the role and attribute names used
 * for just-in-time provisioning. A connection starts disabled; it can be
 * enabled only after a successful test sign-in, and changing the identity
 * provider's entity ID, URL or certificates disables it again until the
 * next successful test. Disabling or deleting it also lifts SSO enforcement.
 */
export type AttributeMapping = { email: string; firstName: string; lastName: string; displayName: string }

/** Attribute names each identity provider sends by default. */
export const ssoPresets = {
  entra: {
    label: 'Microsoft Entra ID',
    mapping: {
      email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      firstName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
      lastName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
      displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
    },
    help: 'In Entra ID: Enterprise applications › New application › Create your own › SAML. Paste our Entity ID and Reply URL, then download “Federation Metadata XML” and paste it here.',
  },
  google: {
    label: 'Google Workspace',
    mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName', displayName: 'displayName' },
    help: 'In the Google Admin console: Apps › Web and mobile apps › Add custom SAML app. Download the IdP metadata, use our ACS URL and Entity ID, and map Primary email → email, First name → firstName, Last name → lastName.',
  },
  custom: {
    label: 'Other SAML 2.0 identity provider',
    mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName', displayName: 'displayName' },
    help: 'Give your identity provider our Entity ID and ACS URL, and send the email as NameID (emailAddress format) or as an attribute.',
  },
} as const satisfies Record<string, { label: string; mapping: AttributeMapping; help: string }>

export type SsoPreset = keyof typeof ssoPresets

/** Our side of the connection: stable per organization, so renaming it changes nothing at the IdP. */
export function serviceProviderFor(appUrl: string, orgId: string): SamlServiceProvider & { metadataUrl: string } {
  return { entityId: `${appUrl}/sso/metadata/${orgId}`, acsUrl: `${appUrl}/sso/acs/${orgId}`, metadataUrl: `${appUrl}/sso/metadata/${orgId}` }
}

export async function getSsoConnection(db: Database, orgId: string, appUrl: string) {
  const [org, connection, failures] = await Promise.all([
    db.prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true, enforceSso: true } }),
    db.prisma.ssoConnection.findUnique({ where: { orgId } }),
    db.prisma.ssoFailure.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, take: 50 }),
  ])
  return {
    plan: org.plan,
    enforceSso: org.enforceSso,
    serviceProvider: serviceProviderFor(appUrl, orgId),
    presets: Object.entries(ssoPresets).map(([id, p]) => ({ id, label: p.label, help: p.help, mapping: p.mapping })),
    connection: connection
      ? {
          ...connection,
          attributeMapping: connection.attributeMapping as AttributeMapping,
          certificates: connection.idpCertificates.map((pem) => ({ fingerprint: certificateFingerprint(pem) })),
        }
      : null,
    failures,
  }
}

export type SaveConnectionInput = {
  preset: SsoPreset
  metadataXml?: string
  idpEntityId?: string
  idpSsoUrl?: string
  certificate?: string
  defaultRoleId: string
  jitProvisioning: boolean
  allowIdpInitiated?: boolean
  attributeMapping?: Partial<AttributeMapping>
}

/** The identity provider from metadata XML when given, otherwise from the three fields. */
function identityProviderFrom(input: SaveConnectionInput) {
  try {
    if (input.metadataXml?.trim()) return parseIdpMetadata(input.metadataXml)
    if (!input.idpEntityId || !input.idpSsoUrl || !input.certificate) {
      throw new AppError('BAD_REQUEST', 'Paste the identity provider’s metadata XML, or fill in its entity ID, sign-in URL and certificate.')
    }
    return { entityId: input.idpEntityId.trim(), ssoUrl: validateSsoUrl(input.idpSsoUrl.trim()), certificates: [normaliseCertificate(input.certificate)] }
  } catch (error) {
    if (isSamlError(error)) {
      const field = error.reason === 'metadata' ? 'metadataXml' : error.reason === 'certificate' ? 'certificate' : 'idpSsoUrl'
      throw new AppError('UNPROCESSABLE', error.message, { [field]: error.message })
    }
    throw error
  }
}

export async function saveSsoConnection(db: Database, access: Access, audit: AuditContext, input: SaveConnectionInput) {
  const role = await db.prisma.role.findFirst({ where: { id: input.defaultRoleId, orgId: access.orgId } })
  if (!role) throw new AppError('NOT_FOUND', 'Role not found', { defaultRoleId: 'Choose a role' })
  const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { plan: true } })
  assertPlanFeature(org, 'sso')
  if (role.key === 'owner') throw new AppError('UNPROCESSABLE', 'New members cannot become owners automatically.', { defaultRoleId: 'Choose another role' })
  assertCanDelegate(access, role.permissions)
  const idp = identityProviderFrom(input)
  const mapping: AttributeMapping = { ...ssoPresets[input.preset].mapping }
  for (const [key, value] of Object.entries(input.attributeMapping ?? {})) if (value?.trim()) mapping[key as keyof AttributeMapping] = value.trim()
  return db.prisma.$transaction(async (tx) => {
    const before = await tx.ssoConnection.findUnique({ where: { orgId: access.orgId } })
    const idpChanged =
      !before ||
      before.idpEntityId !== idp.entityId ||
      before.idpSsoUrl !== idp.ssoUrl ||
      JSON.stringify(before.idpCertificates) !== JSON.stringify(idp.certificates)
    const data = {
      preset: input.preset,
      idpEntityId: idp.entityId,
      idpSsoUrl: idp.ssoUrl,
      idpCertificates: idp.certificates,
      defaultRoleId: role.id,
      jitProvisioning: input.jitProvisioning,
      allowIdpInitiated: input.allowIdpInitiated ?? false,
      attributeMapping: mapping as Prisma.InputJsonValue,
      ...(idpChanged ? { enabled: false, lastTestedAt: null } : {}),
    }
    const saved = await tx.ssoConnection.upsert({ where: { orgId: access.orgId }, create: { orgId: access.orgId, ...data }, update: data })
    if (idpChanged && before?.enabled) await tx.organization.update({ where: { id: access.orgId }, data: { enforceSso: false } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'sso.connection_saved',
      targets: [{ type: 'sso_connection', id: saved.id, label: idp.entityId }],
      metadata: {
        idpEntityId: idp.entityId,
        idpSsoUrl: idp.ssoUrl,
        certificates: idp.certificates.map(certificateFingerprint),
        defaultRole: role.name,
        jitProvisioning: input.jitProvisioning,
        allowIdpInitiated: input.allowIdpInitiated ?? false,
        needsTest: idpChanged,
      },
    })
    return { id: saved.id, enabled: saved.enabled, needsTest: idpChanged }
  })
}

export async function setSsoConnectionEnabled(db: Database, access: Access, audit: AuditContext, enabled: boolean) {
  return db.prisma.$transaction(async (tx) => {
    const connection = await tx.ssoConnection.findUnique({ where: { orgId: access.orgId } })
    if (!connection) throw new AppError('NOT_FOUND', 'Set up the SAML connection first.')
    if (enabled && !connection.lastTestedAt) throw new AppError('UNPROCESSABLE', 'Test the connection with a sign-in at your identity provider before enabling it.')
    // Turning it off stays possible on any plan.
    if (enabled) await requirePlanFeature(tx, access.orgId, 'sso')
    if (connection.enabled === enabled) return { enabled }
    await tx.ssoConnection.update({ where: { id: connection.id }, data: { enabled } })
    if (!enabled) await tx.organization.update({ where: { id: access.orgId }, data: { enforceSso: false } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'sso.connection_saved',
      targets: [{ type: 'sso_connection', id: connection.id, label: connection.idpEntityId }],
      metadata: { before: { enabled: connection.enabled }, after: { enabled } },
    })
    return { enabled }
  })
}

export async function deleteSsoConnection(db: Database, access: Access, audit: AuditContext) {
  return db.prisma.$transaction(async (tx) => {
    const connection = await tx.ssoConnection.findUnique({ where: { orgId: access.orgId } })
    if (!connection) throw new AppError('NOT_FOUND', 'There is no SAML connection.')
    await tx.ssoConnection.delete({ where: { id: connection.id } })
    await tx.organization.update({ where: { id: access.orgId }, data: { enforceSso: false } })
    await appendAuditEvent(tx, audit, {
      orgId: access.orgId,
      action: 'sso.connection_deleted',
      targets: [{ type: 'sso_connection', id: connection.id, label: connection.idpEntityId }],
    })
    return { deleted: true }
  })
}
