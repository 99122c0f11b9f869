/**
 * A forward proxy on loopback that only tunnels (HTTP CONNECT), like the corporate proxies release
 * jobs sit behind. It records each tunnel it was asked for and can demand Proxy-Authorization.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ConnectProxy {
  /** e.g. http://127.0.0.1:PORT */
  url: string
  /** One entry per CONNECT: the target (host:port) and the Proxy-Authorization sent, if any. */
  tunnels: Array<{ target: string; authorization?: string }>
  close(): Promise<void>
}

/** Starts the proxy; with `credentials`, a CONNECT without them is answered 407. */
export async function startConnectProxy(credentials?: string): Promise<ConnectProxy> {
  const tunnels: ConnectProxy['tunnels'] = []
  const sockets = new Set<Socket>()
  const server = createServer((_req, res) => {
    res.writeHead(405, 'Only CONNECT is supported').end()
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    const target = req.url ?? ''
    const authorization = req.headers['proxy-authorization']
    tunnels.push({ target, ...(authorization ? { authorization } : {}) })
    const expected = credentials && `Basic ${Buffer.from(credentials).toString('base64')}`
    if (expected && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const [host, port] = splitTarget(target)
    let established = false
    const upstream = connect(port, host, () => {
      established = true
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    // As real proxies do: a target that cannot be reached is a 502 to the CONNECT.
    upstream.on('error', () => {
      if (established) client.destroy()
      else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')
    })
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function splitTarget(target: string): [string, number] {
  const colon = target.lastIndexOf(':')
  return [target.slice(0, colon), Number(target.slice(colon + 1))]
}
