import { roleFieldsInput } from './role-fields.schema'
import { roleIdInput } from './role-id.schema'

export const updateRoleInput = roleFieldsInput.merge(roleIdInput)
