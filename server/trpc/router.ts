import { router } from './init'
import { signUpProcedure } from './routers/auth/sign-up'
import { signInProcedure } from './routers/auth/sign-in'
import { signOutProcedure } from './routers/auth/sign-out'
import { getMeProcedure } from './routers/me/get-me'
import { createOrgProcedure } from './routers/org/create-org'
import { switchOrgProcedure } from './routers/org/switch-org'
import { listMembersProcedure } from './routers/member/list-members'
import { listRolesProcedure } from './routers/role/list-roles'
import { createInvitationProcedure } from './routers/invitation/create-invitation'
import { listInvitationsProcedure } from './routers/invitation/list-invitations'
import { revokeInvitationProcedure } from './routers/invitation/revoke-invitation'
import { getInvitationProcedure } from './routers/invitation/get-invitation'
import { acceptInvitationProcedure } from './routers/invitation/accept-invitation'

/** The whole API as a plain nested map; one procedure per file under routers/. */
export const appRouter = router({
  auth: { signUp: signUpProcedure, signIn: signInProcedure, signOut: signOutProcedure },
  me: { get: getMeProcedure },
  org: { create: createOrgProcedure, switch: switchOrgProcedure },
  member: { list: listMembersProcedure },
  role: { list: listRolesProcedure },
  invitation: {
    create: createInvitationProcedure,
    list: listInvitationsProcedure,
    revoke: revokeInvitationProcedure,
    get: getInvitationProcedure,
    accept: acceptInvitationProcedure,
  },
})

export type AppRouter = typeof appRouter
