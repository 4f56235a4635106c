import dgram from 'node:dgram'
import dns from 'node:dns'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDnsServer, type DnsServer } from '../support/dns-server'

const long = 'v='.padEnd(600, 'x')
const unicode = 'é'.repeat(200) // 400 bytes: the split must not cut a UTF-8 sequence

let server: DnsServer
let resolver: dns.promises.Resolver

beforeAll(async () => {
  server = await startDnsServer({
    'example.test': [['hireproof-verification=abc'], ['v=spf1 -all']],
    'Multi.Example.Test.': [['part one ', 'part two']],
    'long.example.test': [[long], [unicode]],
  })
  resolver = new dns.promises.Resolver({ timeout: 1000, tries: 1 })
  resolver.setServers([server.address])
})

afterAll(() => server.close())

const sorted = (records: string[][]) => records.map((chunks) => chunks.join('')).sort()

/** Sends a raw datagram and resolves with the reply, or null after a short wait. */
function rawQuery(packet: Buffer, wait = 300): Promise<Buffer | null> {
  const [host, port] = server.address.split(':') as [string, string]
  const socket = dgram.createSocket('udp4')
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), wait)
    const done = (reply: Buffer | null) => {
      clearTimeout(timer)
      socket.close()
      resolve(reply)
    }
    socket.on('message', (reply) => done(reply))
    socket.send(packet, Number(port), host)
  })
}

/** A query for name/type with ID 0x1234 and RD set. */
function query(name: string, type: number): Buffer {
  const labels = name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]))
  const tail = Buffer.alloc(5)
  tail.writeUInt16BE(type, 1)
  tail.writeUInt16BE(1, 3)
  return Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, tail])
}

describe('test DNS server', () => {
  it('answers TXT lookups with one record per entry', async () => {
    expect(sorted(await resolver.resolveTxt('example.test'))).toEqual(['hireproof-verification=abc', 'v=spf1 -all'])
  })

  it('keeps multi-string records together', async () => {
    expect(await resolver.resolveTxt('multi.example.test')).toEqual([['part one ', 'part two']])
  })

  it('splits strings over 255 bytes into character-strings that join back', async () => {
    // Node decodes TXT bytes as latin1, so count and re-decode them that way.
    const records = await resolver.resolveTxt('long.example.test')
    const ascii = records.find((chunks) => chunks[0]!.startsWith('v='))!
    const utf8 = records.find((chunks) => chunks !== ascii)!
    expect(ascii.map((chunk) => chunk.length)).toEqual([255, 255, 90])
    expect(ascii.join('')).toBe(long)
    expect(utf8.map((chunk) => chunk.length)).toEqual([254, 146]) // not 255: that would cut a 2-byte sequence
    expect(utf8.map((chunk) => Buffer.from(chunk, 'latin1').toString('utf8')).join('')).toBe(unicode)
  })

  it('truncates answers over 512 bytes on UDP, so the resolver above got them over TCP', async () => {
    const reply = (await rawQuery(query('long.example.test', 16)))!
    expect(reply.readUInt16BE(2) & 0x0200).toBe(0x0200) // TC
    expect(reply.readUInt16BE(6)).toBe(0)
  })

  it('matches names case-insensitively and echoes the question as asked', async () => {
    expect(await resolver.resolveTxt('MULTI.example.TEST')).toEqual([['part one ', 'part two']])
    const reply = (await rawQuery(query('ExAmPlE.test', 16)))!
    expect(reply.readUInt16BE(0)).toBe(0x1234)
    expect(reply.readUInt16BE(2)).toBe(0x8580) // QR, AA, RD, RA, NOERROR
    expect(reply.readUInt16BE(6)).toBe(2)
    expect(reply.toString('latin1', 13, 20)).toBe('ExAmPlE')
  })

  it('answers NXDOMAIN (ENOTFOUND) for unknown names', async () => {
    await expect(resolver.resolveTxt('unknown.example.test')).rejects.toMatchObject({ code: 'ENOTFOUND' })
  })

  it('answers NOERROR without records (ENODATA) for another type on a known name', async () => {
    await expect(resolver.resolve4('example.test')).rejects.toMatchObject({ code: 'ENODATA' })
  })

  it('adds and removes names at runtime', async () => {
    server.set('later.example.test', [['token=1']])
    expect(await resolver.resolveTxt('later.example.test')).toEqual([['token=1']])
    server.set('later.example.test', [['token=2']])
    expect(await resolver.resolveTxt('later.example.test')).toEqual([['token=2']])
    server.set('LATER.example.test', null)
    await expect(resolver.resolveTxt('later.example.test')).rejects.toMatchObject({ code: 'ENOTFOUND' })
  })

  it('answers FORMERR to malformed queries and survives garbage', async () => {
    expect(await rawQuery(Buffer.from('junk'))).toBeNull()
    const bad = Buffer.concat([query('example.test', 16).subarray(0, 14), Buffer.from([60])]) // label runs past the end
    const reply = (await rawQuery(bad))!
    expect(reply.readUInt16BE(0)).toBe(0x1234)
    expect(reply.readUInt16BE(2) & 0x800f).toBe(0x8001)
    expect(await rawQuery(Buffer.from('0123456789abcdef garbage garbage'))).not.toBeNull()
    expect(sorted(await resolver.resolveTxt('example.test'))).toHaveLength(2)
  })

  it('answers over TCP with a 2-byte length prefix', async () => {
    const [host, port] = server.address.split(':') as [string, string]
    const packet = query('multi.example.test', 16)
    const frame = Buffer.alloc(2)
    frame.writeUInt16BE(packet.length)
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(Number(port), host, () => socket.write(Buffer.concat([frame, packet])))
      let data = Buffer.alloc(0)
      socket.on('data', (chunk) => {
        data = Buffer.concat([data, chunk])
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
          socket.end()
          resolve(data.subarray(2))
        }
      })
      socket.on('error', reject)
    })
    expect(reply.readUInt16BE(0)).toBe(0x1234)
    expect(reply.readUInt16BE(6)).toBe(1)
  })
})
