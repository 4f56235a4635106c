import type { Database } from '../../server/db'

/**
 * Every row of every table in the database, as JSON text with its table: what
 * the erasure and deletion tests search for a subject's identifiers.
 */
export async function everyRow(db: Database) {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  )
  const rows: { table: string; text: string }[] = []
  for (const { table_name } of tables) {
    const found = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`)
    for (const { row } of found) rows.push({ table: table_name, text: row })
  }
  return rows
}
