import { permissionProcedure } from '../../procedures'
import { candidateConsent } from '../../../services/consent/consent'
import { candidateIdInput } from '../candidate/candidate-id.schema'

export const candidateConsentProcedure = permissionProcedure('candidates.read')
  .input(candidateIdInput)
  .query(({ ctx, input }) => candidateConsent(ctx.db, ctx.access, input.candidateId))
