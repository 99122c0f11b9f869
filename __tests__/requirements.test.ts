import { describe, expect, it } from '@jest/globals'
import { parseRequirement, parseSpecifierSet } from '../src/packaging/requirements.js'
import { runPython } from './support/python.js'

/**
 * What packaging 26.2 (`packaging.requirements.Requirement`) says of each string: true when it
 * parses, false when it raises InvalidRequirement (or, for a marker string Python's literal_eval
 * refuses, SyntaxError). The oracle test below checks these answers against the installed packaging.
 */
const REQUIREMENTS: ReadonlyArray<readonly [string, boolean]> = [
  // names and extras
  ['a', true],
  ['A.B-C_D', true],
  ['name', true],
  [' name', true],
  ['name ', true],
  ['\tname', true],
  ['1a', true],
  ['a.b', true],
  ['a..b', true],
  ['a-_-b', true],
  ['a_', true],
  ['a-', false],
  ['_a', false],
  ['.a', false],
  ['aé', false],
  ['é', false],
  ['name[]', true],
  ['name[ ]', true],
  ['name[x]', true],
  ['name[ x , y ]', true],
  ['name[x y]', false],
  ['name[x,]', false],
  ['name[,x]', false],
  ['name[x', false],
  ['name[x]]', false],
  ['name[[x]', false],
  ['name[x-y.z_w]', true],
  ['name[x]c', false],
  ['name [x]', true],
  ['', false],
  [' ', false],
  ['a b', false],
  ['a,b', false],
  // version specifiers
  ['a>=1', true],
  ['a >= 1 , < 2', true],
  ['a>=1,', true],
  ['a>=1,,<2', false],
  ['a>=1,<2,', true],
  ['a(>=1)', true],
  ['a (>=1)', true],
  ['a ( >= 1 , <2 )', true],
  ['a (>=1', false],
  ['a(>=1))', false],
  ['a >=1 <2', false],
  ['a==1.0.*', true],
  ['a!=1.*', true],
  ['a>=1.0.*', false],
  ['a~=1.0.*', false],
  ['a!=1.*.1', false],
  ['a==1.0.*+local', false],
  ['a~=1', false],
  ['a~=1.0', true],
  ['a===foo', true],
  ['a===foo bar', false],
  ['a===', true],
  ['a==', false],
  ['a>=', false],
  ['a>=1.0+local', false],
  ['a==1.0+local', true],
  ['a==1.0+LOCAL', true],
  ['a>=1.0+LOCAL', false],
  ['a==v1', true],
  ['a==1.0-rc1', true],
  ['a==1!2', true],
  ['a==1.0a1', true],
  ['a==1.0-1', true],
  ['a==1.0.post', true],
  ['a==1.0c1', true],
  ['a>1.0a1.dev0', true],
  ['a>1.0.dev', true],
  ['a>1.0.0.0.0', true],
  ['a==01.02', true],
  ['a>= 1', true],
  ['a>=\n1', true],
  ['a\t>=1', true],
  ['a>=1.0 (', false],
  ['a==1 b', false],
  ['a=1', false],
  ['a>>1', false],
  ['a==1.0.', false],
  ['a===1.0,2', false],
  ['a<=1.0+a', false],
  ['a~= 1.4.5', true],
  ['a>=1.0.0-dev1', true],
  // direct references
  ['a @ https://h/p', true],
  ['a@https://h/p', true],
  ['a @ file:///x', true],
  ['a[x] @ https://h/p', true],
  ['a @ https://h/p ', true],
  ['a @ https://h/p ;os_name=="nt"', true],
  ['a @ https://h/p;os_name=="nt"', true],
  ['a @ https://h/p\t; extra=="x"', true],
  ['a @', false],
  ['a @ ', false],
  ['a @ https://h/p x', false],
  ['a>=1 @ https://h/p', false],
  // markers
  ['a;python_version<"3"', true],
  ['a ; python_version < "3.8"', true],
  ["a; python_version=='3'", true],
  ['a; python_version=="3\'', false],
  ['a; python_version="3"', false],
  ['a; python_version notin "x"', false],
  ['a; python_version not  in "x"', true],
  ['a; python_version not\tin "x"', true],
  ['a; "x" in extra', true],
  ["a; os_name in'abc'", true],
  ['a;', false],
  ['a; ', false],
  ['a==1;', false],
  ['a; os_name', false],
  ['a; os_name ==', false],
  ['a; or os_name=="a"', false],
  ['a; os_name=="a" or', false],
  ['a; os_name=="a" and and os_name=="b"', false],
  ['a; os_name=="a"and os_name=="b"', true],
  ['a; os_name=="a"andos_name=="b"', false],
  ['a;python_version<"3"or(os_name=="nt")', true],
  ['a; (os_name=="a")', true],
  ['a; ((os_name=="a") and (os_name=="b"))', true],
  ['a; (os_name=="a"', false],
  ['a; os_name=="a")', false],
  ['a; os_name=="x" and (os_name=="y" or os_name=="z")', true],
  ['a; os_name=="x" ;', false],
  ['a; python_versionx=="3"', false],
  ['a; "a"=="b"', true],
  ['a; python_version==python_version', true],
  ['a; sys_platform === "linux"', true],
  ['a; python_full_version ~= "3.8.0"', true],
  ['a; os_name == "é"', true],
  ['a; foo=="1"', false],
  ['a; platform_release=="x"', true],
  ['a; platform.release=="x"', false],
  ['a; os.name=="x"', true],
  ['a; sys.platform=="x"', true],
  ['a; platform.machine=="x"', true],
  ['a; python_implementation=="CPython"', true],
  ['a; platform.python_implementation=="CPython"', true],
  ['a; implementation_version>="3"', true],
  ['a; extras=="x"', true],
  ['a; dependency_groups=="x"', true],
  ['name[quux, strange];python_version<"2.7" and platform_version=="2"', true],
  // marker strings as Python reads them
  ['a; os_name=="a\\nb"', true],
  ['a; os_name=="a\nb"', false],
  ['a; os_name=="a\\x41"', true],
  ['a; os_name=="a\\x4"', false],
  ['a; os_name=="\\u00e9"', true],
  ['a; os_name=="\\U0001F600"', true],
  ['a; os_name=="\\d"', true],
  ['a; os_name=="a\\"', false],
  ['a; os_name=="\\101"', true],
  // line ends
  ['a\n', true],
  ['a\n\n', false],
  ['a\r\n', false],
  ['a==1.0\n', true],
  ['a; os_name=="x"\n', true],
  ['a @ https://h/p\n', true]
]

/**
 * Whether packaging before 25 would give another answer: it did not know the lock-file marker
 * variables of PEP 751, and it refused URLs without a scheme and a host.
 */
function answeredDifferentlyBefore25(text: string): boolean {
  return /extras|dependency_groups|@/.test(text)
}

/** What packaging 26.2's `SpecifierSet` says of each Requires-Python value. */
const SPECIFIER_SETS: ReadonlyArray<readonly [string, boolean]> = [
  ['', true],
  [' ', true],
  ['>=3.8', true],
  ['>=3.8,<4', true],
  ['>=3.8, !=3.9.0', true],
  [' >= 3.8 , < 4 ', true],
  ['>=3.8,', true],
  [',>=3.8', true],
  ['>=3.8,,<4', true],
  ['==3.*', true],
  ['!=3.9.*', true],
  ['>=3.*', false],
  ['~=3', false],
  ['~=3.8', true],
  ['3.8', false],
  ['>3.8+local', false],
  ['==3.8+local', true],
  ['===weird', true],
  ['=== weird', true],
  ['>=3.8 <4', false],
  ['>=3.8;<4', false],
  ['>= v3.8', true],
  ['>=3.8rc1', true],
  ['>=3.8-rc1', true],
  ['>=3.8.post1.dev2', true],
  ['<=3.8a', true],
  ['>=3..8', false],
  ['>=3.8.', false],
  ['>=\u00a03.8', true],
  ['>=3.8\n', true],
  ['python>=3.8', false],
  ['>=3.8,<4)', false],
  ['==3.8.*.1', false],
  // Where @renovatebot/pep440 alone would answer otherwise.
  ['===', true],
  ['==3.8rc1.*', false],
  ['!=3.8.post0.*', false],
  ['>=\x1c3.8', true],
  ['>=3.8\ufeff', false]
]

describe('parseRequirement agrees with packaging', () => {
  it.each(REQUIREMENTS)('%j parses: %s', (text, accepted) => {
    expect(parseRequirement(text).ok).toBe(accepted)
  })
})

describe('parseSpecifierSet agrees with packaging', () => {
  it.each(SPECIFIER_SETS)('%j parses: %s', (text, accepted) => {
    expect(parseSpecifierSet(text).ok).toBe(accepted)
  })
})

describe('parseRequirement', () => {
  it('returns the parts as written', () => {
    expect(
      parseRequirement('Name[Extra1, extra2] >= 1.0 , <2 ; os.name == "nt" and extra != \'x\'')
    ).toEqual({
      ok: true,
      value: {
        name: 'Name',
        extras: ['Extra1', 'extra2'],
        specifiers: ['>= 1.0', '<2'],
        marker: [
          {
            left: { kind: 'variable', written: 'os.name', name: 'os_name' },
            operator: '==',
            right: { kind: 'string', value: 'nt' }
          },
          {
            left: { kind: 'variable', written: 'extra', name: 'extra' },
            operator: '!=',
            right: { kind: 'string', value: 'x' }
          }
        ],
        markerAt: 'Name[Extra1, extra2] >= 1.0 , <2 '.length
      }
    })
  })

  it('reads a direct reference, whose URL runs to the next space', () => {
    expect(
      parseRequirement('pkg @ https://example.org/pkg-1.0.whl ; python_version < "3.10"')
    ).toEqual({
      ok: true,
      value: {
        name: 'pkg',
        extras: [],
        specifiers: [],
        url: 'https://example.org/pkg-1.0.whl',
        marker: [
          {
            left: { kind: 'variable', written: 'python_version', name: 'python_version' },
            operator: '<',
            right: { kind: 'string', value: '3.10' }
          }
        ],
        markerAt: 'pkg @ https://example.org/pkg-1.0.whl '.length
      }
    })
    const glued = parseRequirement('pkg @ https://example.org/x;python_version<"3"')
    expect(glued.ok && glued.value.url).toBe('https://example.org/x;python_version<"3"')
  })

  it('reads "not in", legacy names and escapes in marker strings', () => {
    const parsed = parseRequirement(
      'a; "x" not in python_implementation or os_name == "\\x41\\u00e9"'
    )
    expect(parsed.ok && parsed.value.marker).toEqual([
      {
        left: { kind: 'string', value: 'x' },
        operator: 'not in',
        right: {
          kind: 'variable',
          written: 'python_implementation',
          name: 'platform_python_implementation'
        }
      },
      {
        left: { kind: 'variable', written: 'os_name', name: 'os_name' },
        operator: '==',
        right: { kind: 'string', value: 'Aé' }
      }
    ])
  })

  it('splits specifiers at a comma inside an arbitrary-equality version, as packaging does', () => {
    const parsed = parseRequirement('a===1.0,2')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem.message).toContain('"2" has no comparison operator')
  })

  it.each([
    ['a>=1.0.*', 1, 'wildcard'],
    ['a>=1.0+local', 1, 'local version'],
    ['a (>=1', 2, 'not closed'],
    ['a[x y]', 4, 'comma between extras'],
    ['a; python_version="3"', 17, 'marker operator'],
    ['a; os_name=="a\\x4"', 12, 'Python cannot read'],
    ['a @ https://h/p x', 16, '";"'],
    ['é', 0, 'project name']
  ])('explains why %j fails and where (offset %d)', (text, position, words) => {
    const parsed = parseRequirement(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.problem.position).toBe(position)
      expect(parsed.problem.message).toContain(words)
    }
  })
})

describe('parseSpecifierSet', () => {
  it('returns the specifiers trimmed, without empty parts', () => {
    expect(parseSpecifierSet(' >=3.8 , ,!=3.9.0,')).toEqual({
      ok: true,
      value: ['>=3.8', '!=3.9.0']
    })
  })

  it.each([
    ['>=3.8, 3.9', 'no comparison operator'],
    ['>=3.*', 'wildcard'],
    ['>3.8+local', 'local version'],
    ['~=3', 'two release numbers'],
    ['>=3..8', 'not a PEP 440 version specifier']
  ])('explains what is wrong with %j', (text, words) => {
    const parsed = parseSpecifierSet(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem.message).toContain(words)
  })
})

// ---------------------------------------------------------------------------------------------
// Python's packaging as the oracle, where an interpreter with packaging 22 or later is installed.
// ---------------------------------------------------------------------------------------------

/** The installed packaging's version, when `python3` has packaging 22 or later (its own parser). */
function packagingVersion(): number[] | undefined {
  try {
    const version = runPython<string>(
      'import json, packaging; print(json.dumps(packaging.__version__))',
      null
    )
    const parts = version.split('.').map(Number)
    return (parts[0] ?? 0) >= 22 ? parts : undefined
  } catch {
    return undefined // No python3, or no packaging in it.
  }
}

const oracle = packagingVersion()
/** Texts on which the installed packaging must agree with the 26.2 this reader follows. */
function comparable(text: string): boolean {
  return (oracle?.[0] ?? 0) >= 25 || !answeredDifferentlyBefore25(text)
}

/** Asks packaging which strings parse. */
function packagingAccepts(kind: 'requirement' | 'specifiers', texts: readonly string[]): boolean[] {
  const script = `
import json, sys
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
request = json.load(sys.stdin)
parse = Requirement if request['kind'] == 'requirement' else SpecifierSet
def accepts(text):
    try:
        parse(text)
        return True
    except Exception:
        return False
print(json.dumps([accepts(text) for text in request['texts']]))
`
  return runPython<boolean[]>(script, { kind, texts })
}

/** A small seeded generator, so that a failure can be reproduced. */
function randomTexts(seed: number, count: number, pieces: readonly string[]): string[] {
  let state = seed
  const next = (limit: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state % limit
  }
  return Array.from({ length: count }, () => {
    const parts = Array.from({ length: 1 + next(8) }, () => pieces[next(pieces.length)]!)
    return (next(2) === 0 ? 'name' : '') + parts.join('')
  })
}

const REQUIREMENT_PIECES = [
  'a',
  'B',
  '-',
  '_',
  '.',
  '[',
  ']',
  ',',
  ' ',
  '\t',
  '(',
  ')',
  '>=',
  '==',
  '!=',
  '~=',
  '===',
  '<',
  '>',
  '1',
  '1.0',
  '.*',
  '+loc',
  'rc1',
  'post1',
  'dev',
  'v',
  ';',
  '@',
  'https://h/p',
  'os_name',
  'os.name',
  'python_version',
  'extra',
  'and',
  'or',
  'not',
  'in',
  ' in ',
  '"x"',
  "'3.8'",
  '"\\x4"',
  'é',
  // A digit of another script and a letter outside the Basic Multilingual Plane: word characters.
  '٣',
  '𝐀',
  'extras',
  '\n'
]

const SPECIFIER_PIECES = [
  '>=',
  '==',
  '!=',
  '~=',
  '===',
  '<',
  '>',
  '1',
  '1.0',
  '3.8',
  '.*',
  '+loc',
  'rc1',
  '-1',
  '.post1',
  'dev',
  'v',
  ',',
  ' ',
  '\t',
  '\n',
  '!',
  'a',
  '.',
  ')',
  ';',
  '\u00a0'
]

// Skipped only on a machine without Python's packaging; in CI (CI=true) they run, and fail without it.
const withOracle = oracle === undefined && process.env.CI !== 'true' ? describe.skip : describe

withOracle(`packaging ${oracle?.join('.') ?? '(not installed)'} as the oracle`, () => {
  it('gives the answers recorded in the requirement table', () => {
    const rows = REQUIREMENTS.filter(([text]) => comparable(text))
    const answers = packagingAccepts(
      'requirement',
      rows.map(([text]) => text)
    )
    expect(rows.map(([text], at) => [text, answers[at]])).toEqual(rows.map(row => [...row]))
  })

  it('gives the answers recorded in the specifier set table', () => {
    const answers = packagingAccepts(
      'specifiers',
      SPECIFIER_SETS.map(([text]) => text)
    )
    expect(SPECIFIER_SETS.map(([text], at) => [text, answers[at]])).toEqual(
      SPECIFIER_SETS.map(row => [...row])
    )
  })

  it('agrees with us on 3000 generated requirements', () => {
    const texts = randomTexts(508, 3000, REQUIREMENT_PIECES).filter(comparable)
    const answers = packagingAccepts('requirement', texts)
    const disagreements = texts.filter((text, at) => parseRequirement(text).ok !== answers[at])
    expect(disagreements).toEqual([])
  })

  it('agrees with us on 3000 generated specifier sets', () => {
    const texts = randomTexts(440, 3000, SPECIFIER_PIECES).map(text => text.replace(/^name/, ''))
    const answers = packagingAccepts('specifiers', texts)
    const disagreements = texts.filter((text, at) => parseSpecifierSet(text).ok !== answers[at])
    expect(disagreements).toEqual([])
  })
})
