import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../setup/database'
import { createHealthRecorder, uptimeByDay } from '../../server/services/status/uptime'

const db = await useTestDatabase()

describe('uptime from the service’s own health checks', () => {
  it('counts healthy minutes per day, and records failures once the database is back', async () => {
    let healthy = true
    const recorder = createHealthRecorder(db, async () => {
      if (!healthy) throw new Error('database unreachable')
    })
    const day = (iso: string) => new Date(`2026-03-0${iso}Z`)
    // Day 1: two healthy minutes, plus a second process checking the same minute.
    expect(await recorder.check(day('1T10:00:05'))).toBe(true)
    expect(await recorder.check(day('1T10:00:40'))).toBe(true)
    expect(await recorder.check(day('1T10:01:05'))).toBe(true)
    // Day 2: an outage of two minutes, then recovery.
    healthy = false
    expect(await recorder.check(day('2T08:00:00'))).toBe(false)
    expect(await recorder.check(day('2T08:01:00'))).toBe(false)
    expect(recorder.pendingFailures()).toBe(2)
    healthy = true
    expect(await recorder.check(day('2T08:02:00'))).toBe(true)
    expect(recorder.pendingFailures()).toBe(0)

    const history = await uptimeByDay(db, 90, new Date('2026-03-03T00:00:00Z'))
    expect(history).toEqual([
      { day: '2026-03-01', checks: 2, ok: 2 },
      { day: '2026-03-02', checks: 3, ok: 1 },
    ])
  })
})
