/**
 * A loopback server that project code under test reports to: what it found, what it reached. Each
 * report is a JSON object `{"kind": ..., "data": {...}}`, kept with the time it arrived. Closed
 * after the test, with the other servers of action-harness.ts.
 */
import { createServer } from 'node:http'
import { listen } from './action-harness.js'

export interface Report {
  kind: string
  data: Record<string, unknown>
  /** Date.now() when it arrived. */
  at: number
}

/** Starts a collector; project code posts its reports to `url`. */
export async function collector(): Promise<{ url: string; reports: Report[] }> {
  const reports: Report[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', chunk => (body += chunk))
    request.on('end', () => {
      reports.push({ ...(JSON.parse(body) as Omit<Report, 'at'>), at: Date.now() })
      response.end('ok')
    })
  })
  return { url: `${await listen(server)}/`, reports }
}
