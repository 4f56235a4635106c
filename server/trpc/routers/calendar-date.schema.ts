import { z } from 'zod'

/** A date someone could mean, and one the database can store (years 1900–9999): anything else is the message. */
export const calendarDate = (message: string) =>
  z.coerce
    .date({ errorMap: () => ({ message }) })
    .min(new Date('1900-01-01T00:00:00Z'), message)
    .max(new Date('9999-12-31T23:59:59Z'), message)
