/**
 * The one contract between the index client and the network: send one HTTP request, get its status
 * line, headers and the start of its body. Two implementations keep to it: Node's own `node:http` and
 * `node:https` for direct connections (node-transport.ts), and undici's public proxy agent for
 * connections that a proxy variable applies to (proxy-transport.ts, loaded only then). Which one
 * serves a URL is decided once, in open-transport.ts, from proxy-choice.ts.
 *
 * Both follow no redirect, send only the headers given (Basic credentials go with the first request,
 * never in answer to a challenge), cut each request off after `timeoutMs` (connecting, sending and
 * reading the answer), and read at most BODY_LIMIT bytes of an answer. A request that gets no
 * answer rejects with the error the network gave (its `code` names the cause: ECONNREFUSED,
 * ECONNRESET, a TLS code, ...) or, when the time ran out, with the timer's `TimeoutError`.
 */
import { basicAuthorization, type Credentials } from '../config/repository.js'

/** Enough of an answer's body for a message; an index that sends more is not read further. */
export const BODY_LIMIT = 16 * 1024

/** One request. */
export interface TransportRequest {
  method: 'GET' | 'POST'
  url: string
  /** Sent as given (lower-case names). */
  headers: Readonly<Record<string, string>>
  body?: Buffer
  /** The limit for the whole exchange, from connecting to the end of the answer read. */
  timeoutMs: number
  /** How much of the answer's body to read, in bytes; BODY_LIMIT when not given. */
  bodyLimit?: number
}

/** What came back. */
export interface TransportResponse {
  status: number
  /** The reason phrase, where devpi puts its messages. */
  statusText: string
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>
  /** The first `bodyLimit` bytes as UTF-8 (a body cut off mid-way gives what arrived). */
  body: string
}

/** The connections to one index. */
export interface Transport {
  /** Which path carries the requests, for the debug log and tests. */
  readonly kind: 'direct' | 'proxy'
  send(request: TransportRequest): Promise<TransportResponse>
  /** Closes any connection kept open; the transport is not used afterwards. */
  close(): Promise<void>
}

/**
 * The transport with every answer redacted as it is received: the status line, each header and
 * the body pass through `redact` before anything reads them, so that a server's echo of the
 * credentials cannot reach a message, whichever request it answered (the register request, the
 * probe, the read-back) and however that message later quotes or escapes it.
 */
export function redactingTransport(
  transport: Transport,
  redact: (text: string) => string
): Transport {
  return {
    kind: transport.kind,
    send: async request => {
      const response = await transport.send(request)
      return {
        status: response.status,
        statusText: redact(response.statusText),
        headers: Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [name, redact(value)])
        ),
        body: redact(response.body)
      }
    },
    close: () => transport.close()
  }
}

/** The headers as received, a header that came several times joined as HTTP allows for lists. */
export function headerRecord(
  headers: Readonly<Record<string, string | string[] | undefined>>
): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return result
}

/** Collects an answer's body up to a limit, so that a huge answer costs no more than that. */
export class BoundedText {
  private readonly chunks: Buffer[] = []
  private size = 0

  constructor(private readonly limit = BODY_LIMIT) {}

  /** Adds a chunk; true when no more is wanted. */
  add(chunk: Buffer): boolean {
    if (this.size < this.limit) {
      this.chunks.push(chunk)
      this.size += chunk.byteLength
    }
    return this.size >= this.limit
  }

  /** The text so far, cut at the limit. */
  text(): string {
    return Buffer.concat(this.chunks).subarray(0, this.limit).toString('utf8')
  }
}

/**
 * The headers every request to an index carries: who is asking, and the credentials (HTTP Basic)
 * with the first request, never in answer to a challenge.
 */
export function senderHeaders(
  userAgent: string,
  credentials?: Credentials
): Record<string, string> {
  return {
    'user-agent': userAgent,
    ...(credentials !== undefined ? { authorization: basicAuthorization(credentials) } : {})
  }
}
