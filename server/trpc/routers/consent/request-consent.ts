import { permissionProcedure } from '../../procedures'
import { requestCandidateConsent } from '../../../services/consent/consent'
import { candidateIdInput } from '../candidate/candidate-id.schema'

export const requestConsentProcedure = permissionProcedure('candidates.update')
  .input(candidateIdInput)
  .mutation(({ ctx, input }) => requestCandidateConsent(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))
