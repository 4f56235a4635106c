import { authedProcedure } from '../../procedures'
import { createOrganization, switchOrganization } from '../../../services/orgs/orgs'
import { createOrgInput } from './create-org.schema'

/** Any signed-in user may start an organization; they become its owner and switch to it. */
export const createOrgProcedure = authedProcedure.input(createOrgInput).mutation(async ({ ctx, input }) => {
  const org = await ctx.db.prisma.$transaction(async (tx) => {
    const created = await createOrganization(tx, { name: input.name, ownerId: ctx.user.id, audit: ctx.audit })
    await switchOrganization(tx, { sessionId: ctx.session.id, userId: ctx.user.id, orgId: created.id, audit: ctx.audit })
    return created
  })
  return { id: org.id, name: org.name, slug: org.slug }
})
