import { permissionProcedure } from '../../procedures'
import { recordInPersonConsent } from '../../../services/consent/consent'
import { recordInPersonConsentInput } from './consent.schema'

export const recordInPersonConsentProcedure = permissionProcedure('candidates.update')
  .input(recordInPersonConsentInput)
  .mutation(({ ctx, input }) => recordInPersonConsent(ctx.db, ctx.access, ctx.audit, input))
