import dgram from 'node:dgram'
import net from 'node:net'

/**
 * A minimal authoritative DNS server (RFC 1035) for tests: TXT records only, over UDP and TCP on 127.0.0.1.
 * Point a resolver at it with `resolver.setServers([server.address])`.
 * - TXT (or ANY) for a known name: one RR per entry, each entry a list of character-strings (split at 255 bytes);
 * - another type for a known name: NOERROR, no answers (ENODATA); an unknown name: NXDOMAIN (ENOTFOUND);
 * - malformed query: FORMERR; opcode other than QUERY: NOTIMP; class other than IN/ANY: REFUSED.
 * Names are case-insensitive, TTLs are 0 (nothing is cached). UDP answers over 512 bytes come back truncated (TC),
 * which makes the resolver retry over TCP (2-byte length prefix, RFC 1035 4.2.2).
 */
export type DnsServer = {
  /** "127.0.0.1:port", for Resolver#setServers. */
  address: string
  /** Replaces the TXT records of a name; null removes the name. */
  set(name: string, txt: string[][] | null): void
  close(): Promise<void>
}

const TYPE_TXT = 16
const TYPE_ANY = 255
const CLASS_IN = 1
const CLASS_ANY = 255
const RCODE = { noError: 0, formErr: 1, serverFail: 2, nxDomain: 3, notImp: 4, refused: 5 } as const
const UDP_MAX = 512

/** `port` fixes the port (end-to-end tests, where the app is told the address before the server starts); 0 picks one. */
export async function startDnsServer(records: Record<string, string[][]>, port = 0): Promise<DnsServer> {
  const zone = new Map<string, string[][]>()
  const set = (name: string, txt: string[][] | null) => {
    if (txt) zone.set(canonical(name), txt.map((entry) => [...entry]))
    else zone.delete(canonical(name))
  }
  for (const [name, txt] of Object.entries(records)) set(name, txt)

  const { udp, tcp } = await bindPair(port)
  const sockets = new Set<net.Socket>()

  udp.on('message', (query, peer) => {
    let response = answer(query, zone)
    if (!response) return
    // Too big for a plain UDP datagram: header and question only, TC set, so the client retries over TCP.
    if (response.length > UDP_MAX) response = truncated(response)
    udp.send(response, peer.port, peer.address)
  })
  udp.on('error', () => {})

  tcp.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let pending = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0)
        if (pending.length < 2 + length) break
        const query = pending.subarray(2, 2 + length)
        pending = pending.subarray(2 + length)
        const response = answer(query, zone)
        if (!response) return void socket.destroy()
        const frame = Buffer.alloc(2)
        frame.writeUInt16BE(response.length)
        socket.write(Buffer.concat([frame, response]))
      }
    })
  })

  return {
    address: `127.0.0.1:${udp.address().port}`,
    set,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve, reject) => tcp.close((error) => (error ? reject(error) : resolve()))),
      ])
    },
  }
}

/** Lower-cases ASCII only (RFC 4343) and drops the trailing root dot. */
function canonical(name: string): string {
  return name.replace(/\.$/, '').replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** UDP on an ephemeral port, then TCP on the same number; retries if the TCP port is taken. */
async function bindPair(port: number): Promise<{ udp: dgram.Socket; tcp: net.Server }> {
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket('udp4')
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(port, '127.0.0.1', () => {
        udp.off('error', reject)
        resolve()
      })
    })
    const tcp = net.createServer()
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject)
        tcp.listen(udp.address().port, '127.0.0.1', () => {
          tcp.off('error', reject)
          resolve()
        })
      })
      return { udp, tcp }
    } catch (error) {
      udp.close()
      if (port !== 0 || attempt >= 9 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    }
  }
}

type Question = { name: string; type: number; class: number; bytes: Buffer }

class FormatError extends Error {}

/** Reads the header and the single question; throws FormatError if the packet doesn't parse. */
function parseQuestion(query: Buffer): Question {
  if (query.readUInt16BE(4) !== 1) throw new FormatError('QDCOUNT must be 1')
  const labels: string[] = []
  let offset = 12
  let wire = 1
  for (;;) {
    if (offset >= query.length) throw new FormatError('QNAME runs past the packet')
    const length = query[offset]!
    // Top bits 01/10 are reserved, 11 is a compression pointer, which can't point anywhere useful from the first name.
    if (length & 0xc0) throw new FormatError('Bad label length')
    offset += 1
    if (length === 0) break
    if (offset + length > query.length) throw new FormatError('Label runs past the packet')
    wire += length + 1
    if (wire > 255) throw new FormatError('QNAME longer than 255 bytes')
    labels.push(query.toString('latin1', offset, offset + length))
    offset += length
  }
  if (offset + 4 > query.length) throw new FormatError('Question lacks QTYPE/QCLASS')
  // Anything after the question (e.g. an EDNS OPT record in the additional section) is ignored.
  return {
    name: canonical(labels.join('.')),
    type: query.readUInt16BE(offset),
    class: query.readUInt16BE(offset + 2),
    bytes: query.subarray(12, offset + 4),
  }
}

/** The response to one query message, or null if it should be dropped (too short to echo the ID, or a response). */
function answer(query: Buffer, zone: Map<string, string[][]>): Buffer | null {
  if (query.length < 12) return null
  const id = query.readUInt16BE(0)
  const flags = query.readUInt16BE(2)
  if (flags & 0x8000) return null
  const opcode = (flags >> 11) & 0xf
  const rd = flags & 0x0100
  const header = (rcode: number, qdcount: number, ancount: number) => {
    const buffer = Buffer.alloc(12)
    buffer.writeUInt16BE(id, 0)
    // QR, opcode echoed, AA, RD copied, RA.
    buffer.writeUInt16BE(0x8000 | (opcode << 11) | 0x0400 | rd | 0x0080 | rcode, 2)
    buffer.writeUInt16BE(qdcount, 4)
    buffer.writeUInt16BE(ancount, 6)
    return buffer
  }
  if (opcode !== 0) return header(RCODE.notImp, 0, 0)

  let question: Question
  try {
    question = parseQuestion(query)
  } catch (error) {
    if (error instanceof FormatError) return header(RCODE.formErr, 0, 0)
    throw error
  }
  const reply = (rcode: number, answers: Buffer[] = []) =>
    Buffer.concat([header(rcode, 1, answers.length), question.bytes, ...answers])

  if (question.class !== CLASS_IN && question.class !== CLASS_ANY) return reply(RCODE.refused)
  const txt = zone.get(question.name)
  if (!txt) return reply(RCODE.nxDomain)
  if (question.type !== TYPE_TXT && question.type !== TYPE_ANY) return reply(RCODE.noError)
  const response = reply(RCODE.noError, txt.map(txtRecord))
  return response.length > 0xffff ? reply(RCODE.serverFail) : response
}

/** One TXT RR: NAME as a pointer to the question's QNAME (offset 12), TYPE, CLASS IN, TTL 0, RDATA. */
function txtRecord(entry: string[]): Buffer {
  const strings = entry.length ? entry.flatMap(characterStrings) : [Buffer.alloc(1)]
  const rdata = Buffer.concat(strings)
  const fixed = Buffer.alloc(12)
  fixed.writeUInt16BE(0xc00c, 0)
  fixed.writeUInt16BE(TYPE_TXT, 2)
  fixed.writeUInt16BE(CLASS_IN, 4)
  fixed.writeUInt32BE(0, 6)
  fixed.writeUInt16BE(rdata.length, 10)
  return Buffer.concat([fixed, rdata])
}

/** A string as length-prefixed character-strings of ≤255 bytes, never splitting a UTF-8 sequence. */
function characterStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8')
  const out: Buffer[] = []
  let start = 0
  do {
    let end = Math.min(start + 255, bytes.length)
    if (end < bytes.length) while ((bytes[end]! & 0xc0) === 0x80) end--
    out.push(Buffer.concat([Buffer.from([end - start]), bytes.subarray(start, end)]))
    start = end
  } while (start < bytes.length)
  return out
}

/** Header and question of a response with TC set and no records. */
function truncated(response: Buffer): Buffer {
  const qdcount = response.readUInt16BE(4)
  let end = 12
  if (qdcount) {
    while (response[end] !== 0) end += response[end]! + 1
    end += 5
  }
  const out = Buffer.from(response.subarray(0, end))
  out.writeUInt16BE(out.readUInt16BE(2) | 0x0200, 2)
  out.writeUInt16BE(0, 6)
  return out
}
