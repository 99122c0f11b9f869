/**
 * The most a registration can take, as the log announces it: every request the step may send to
 * an index (the server probe, each attempt, the read-back) and the waits between attempts.
 */
import { describe, expect, it } from '@jest/globals'
import { describeTimeBound } from '../src/index-client/register-one.js'

describe('describeTimeBound', () => {
  it('counts the probe and the read-back, and speaks of no waits with one attempt', () => {
    expect(describeTimeBound({ timeoutMs: 5000, retries: 0, readBack: true })).toBe(
      'at most 15 s in all (a server probe of up to 5 s, one attempt of up to 5 s and a read-back of up to 5 s)'
    )
  })

  it('adds every attempt and the longest wait between them', () => {
    expect(describeTimeBound({ timeoutMs: 30_000, retries: 3, readBack: true })).toBe(
      'at most 230 s in all (a server probe of up to 10 s, 4 attempts of up to 30 s with waits of up to 30 s between them and a read-back of up to 10 s)'
    )
  })

  it('leaves the read-back out when it is off', () => {
    expect(describeTimeBound({ timeoutMs: 5000, retries: 1, readBack: false })).toBe(
      'at most 45 s in all (a server probe of up to 5 s and 2 attempts of up to 5 s with waits of up to 30 s between them)'
    )
  })
})
