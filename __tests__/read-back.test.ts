/**
 * The comparison behind the read-back, on its own: what devpi's JSON shows against what was sent.
 * The end-to-end tests (outcomes.test.ts) run it against the local index; these pin the rules.
 */
import { describe, expect, it } from '@jest/globals'
import type { FormField } from '../src/index-client/form.js'
import { compareStored, describeReadBack, releaseUrl } from '../src/index-client/read-back.js'

const SENT: FormField[] = [
  [':action', 'submit'],
  ['protocol_version', '1'],
  ['name', 'demo'],
  ['version', '1.0'],
  ['summary', 'A demo'],
  ['classifiers', 'Programming Language :: Python :: 3'],
  ['classifiers', 'License :: OSI Approved :: MIT License'],
  ['provides_extra', 'test'],
  ['provides_extras', 'test'],
  ['import_name', 'demo']
]

describe('compareStored', () => {
  it('sorts every metadata field sent into unchanged, changed and lost, never the protocol fields', () => {
    const report = compareStored(SENT, {
      name: 'demo',
      version: '1.0',
      summary: 'Another summary',
      classifiers: [
        'Programming Language :: Python :: 3',
        'License :: OSI Approved :: MIT License'
      ],
      provides_extras: ['test']
    })
    expect(report).toEqual({
      unchanged: ['name', 'version', 'classifiers', 'provides_extra (as provides_extras)'],
      changed: ['summary'],
      lost: ['import_name']
    })
  })

  it('counts a repeated field changed when its values differ in order or number', () => {
    const reordered = compareStored(SENT, {
      classifiers: ['License :: OSI Approved :: MIT License', 'Programming Language :: Python :: 3']
    })
    expect(reordered.changed).toContain('classifiers')
    const fewer = compareStored(SENT, { classifiers: ['Programming Language :: Python :: 3'] })
    expect(fewer.changed).toContain('classifiers')
  })

  it('takes an empty string, null or an empty list as nothing stored', () => {
    const report = compareStored(
      [
        ['summary', 'A demo'],
        ['keywords', 'a,b'],
        ['classifiers', 'X']
      ],
      { summary: '', keywords: null, classifiers: [] }
    )
    expect(report.lost).toEqual(['summary', 'keywords', 'classifiers'])
  })

  it('reports provides_extra lost when the index keeps neither name', () => {
    expect(compareStored(SENT, {}).lost).toContain('provides_extra')
  })

  it('counts the extras once, though they go out under two names, and changed when devpi keeps others', () => {
    const extras: FormField[] = [
      ['name', 'demo'],
      ['provides_extra', 'test'],
      ['provides_extras', 'test']
    ]
    const same = compareStored(extras, { name: 'demo', provides_extras: ['test'] })
    expect(same).toEqual({
      unchanged: ['name', 'provides_extra (as provides_extras)'],
      changed: [],
      lost: []
    })
    expect(describeReadBack(same)).toBe('Read back: 2 of 2 fields stored unchanged.')
    expect(compareStored(extras, { name: 'demo', provides_extras: ['docs'] }).changed).toEqual([
      'provides_extra (as provides_extras)'
    ])
  })
})

describe('describeReadBack', () => {
  it('says how many fields were kept, then what changed and what was lost', () => {
    expect(describeReadBack({ unchanged: ['name', 'version'], changed: [], lost: [] })).toBe(
      'Read back: 2 of 2 fields stored unchanged.'
    )
    expect(
      describeReadBack({ unchanged: ['name'], changed: ['summary'], lost: ['import_name'] })
    ).toBe('Read back: 1 of 3 fields stored unchanged; changed: summary; lost: import_name.')
  })
})

describe('releaseUrl', () => {
  it('joins the index URL, the name and the version, with or without a trailing slash', () => {
    expect(releaseUrl('https://devpi.example/alice/dev/', 'demo', '1.0')).toBe(
      'https://devpi.example/alice/dev/demo/1.0'
    )
    expect(releaseUrl('https://devpi.example/alice/dev', 'demo', '1.0+local.1')).toBe(
      'https://devpi.example/alice/dev/demo/1.0%2Blocal.1'
    )
  })

  it('asks for the name in its normal form, where devpi keeps the release', () => {
    expect(releaseUrl('https://devpi.example/alice/dev/', 'Peer_Register..Sample', '1.0')).toBe(
      'https://devpi.example/alice/dev/peer-register-sample/1.0'
    )
  })
})
