import type { Prisma } from '@prisma/client'
import type { Access } from './access'

/**
 * Where-builders: the only way tenant data is queried. Each takes the
 * resolved access, so the organization scope and the role's visibility
 * settings are part of every query rather than a filter applied afterwards.
 * A helper that skips them must be named `unsafe…`.
 */
export function jobWhere(access: Access): Prisma.JobWhereInput {
  if (access.visibility.jobVisibility === 'ALL') return { orgId: access.orgId }
  return { orgId: access.orgId, assignments: { some: { userId: access.userId } } }
}

/** Candidates are visible through the jobs they applied to (or to everyone with ALL visibility). */
export function candidateWhere(access: Access): Prisma.CandidateWhereInput {
  if (access.visibility.jobVisibility === 'ALL') return { orgId: access.orgId }
  return { orgId: access.orgId, applications: { some: { job: jobWhere(access) } } }
}

export function applicationWhere(access: Access): Prisma.ApplicationWhereInput {
  return { orgId: access.orgId, job: jobWhere(access) }
}

/** Field visibility for candidates: contact details and compensation are left out of the query itself. */
export function candidateSelect(access: Access) {
  return {
    id: true,
    name: true,
    location: true,
    country: true,
    createdAt: true,
    processingRestrictedAt: true,
    processingRestrictionReason: true,
    email: access.visibility.seeCandidateContact,
    phone: access.visibility.seeCandidateContact,
    expectedCompensation: access.visibility.seeCompensation,
  } satisfies Prisma.CandidateSelect
}

export function jobSelect(access: Access) {
  return {
    id: true,
    title: true,
    description: true,
    location: true,
    region: true,
    status: true,
    createdAt: true,
    currency: true,
    anonymisedScreening: true,
    compensationMin: access.visibility.seeCompensation,
    compensationMax: access.visibility.seeCompensation,
  } satisfies Prisma.JobSelect
}
