import { Prisma } from '@prisma/client'
import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable, isUniqueViolation } from '../../server/db/errors'

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta })

describe('isDatabaseUnavailable', () => {
  it('recognises a server out of reach through Prisma, its driver adapter and pg', () => {
    expect(isDatabaseUnavailable(known('P1001'))).toBe(true)
    expect(isDatabaseUnavailable(known('P2024'))).toBe(true)
    expect(isDatabaseUnavailable(known('P2010', { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } }))).toBe(true)
    expect(isDatabaseUnavailable(known('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } }))).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: new Error('timeout exceeded when trying to connect') }))).toBe(true)
  })

  it('leaves the request’s own faults alone', () => {
    expect(isDatabaseUnavailable(known('P2002'))).toBe(false)
    expect(isDatabaseUnavailable(known('P2025'))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }))).toBe(false)
    expect(isDatabaseUnavailable(known('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: '23505' } } }))).toBe(false)
    expect(isDatabaseUnavailable(new Error('Internal error'))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false)
    expect(isUniqueViolation(known('P1001'))).toBe(false)
  })

  it('stops on a cause chain that loops', () => {
    const looped = new Error('outer') as Error & { cause?: unknown }
    looped.cause = looped
    expect(isDatabaseUnavailable(looped)).toBe(false)
  })
})
