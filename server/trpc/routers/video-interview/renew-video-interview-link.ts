import { permissionProcedure } from '../../procedures'
import { renewVideoInterviewLink } from '../../../services/video-interviews/invitations'
import { renewVideoInterviewLinkInput } from './video-interview.schema'

export const renewVideoInterviewLinkProcedure = permissionProcedure('interviews.create')
  .input(renewVideoInterviewLinkInput)
  .mutation(({ ctx, input }) => renewVideoInterviewLink(ctx.db, ctx.access, ctx.audit, input, ctx.env.appUrl))
