import type express from 'express'

/** How much of a body left unread by the answer is read and dropped, and for how long, before the connection is closed. */
const drainLimit = { bytes: 16 * 1024 * 1024, ms: 30_000 }

/**
 * An answer can go before its request's body has been read: an upload refused for its declared size or for its first
 * bytes. Remix's body stream stops reading once nobody pulls from it, so the rest of the body would stay in the
 * connection: the client, still sending, would hang, and its next request on that connection with it. Once the answer is
 * out, the rest is read and dropped (as Node does with a body nobody listened to), up to `drainLimit`; past it the
 * connection is closed.
 */
export function drainUnreadBodies(): express.RequestHandler {
  return (req, res, next) => {
    res.once('finish', () => {
      if (req.complete || req.destroyed) return
      // The listener of Remix's body stream, which nobody reads any more.
      req.removeAllListeners('data')
      let left = drainLimit.bytes
      const close = () => req.socket.destroy()
      const timer = setTimeout(close, drainLimit.ms).unref()
      req.on('data', (chunk: Buffer) => {
        left -= chunk.length
        if (left < 0) close()
      })
      // Read to the end: the connection serves its next request, which the timer must not cut.
      req.once('end', () => clearTimeout(timer))
      req.once('close', () => clearTimeout(timer))
      req.resume()
    })
    next()
  }
}
