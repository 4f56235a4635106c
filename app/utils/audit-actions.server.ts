import { auditCatalog, auditActions } from '../../server/audit/catalog'

/** Options for the action filter: every action, plus "all of a resource". */
export function auditActionOptions() {
  const resources = [...new Set(auditActions.map((a) => a.split('.')[0]!))]
  return [
    ...resources.map((r) => ({ value: `${r}.*`, label: `${r}: any` })),
    ...auditActions.map((a) => ({ value: a, label: `${a} — ${auditCatalog[a].description}` })),
  ]
}
