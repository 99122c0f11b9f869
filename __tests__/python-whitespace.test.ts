import { describe, expect, it } from '@jest/globals'
import {
  PYTHON_SPACE_CLASS,
  firstNonSpace,
  isPythonSpace,
  pythonRstrip,
  pythonStrip
} from '../src/python-whitespace.js'
import { runPython } from './support/python.js'

/** Every code point Python's `str.isspace()` accepts, as Python itself lists them. */
const PYTHON_SPACES = runPython<number[]>(
  'import json, sys\nprint(json.dumps([c for c in range(0x110000) if chr(c).isspace()]))',
  null
)

function codePoints(test: (char: string) => boolean): number[] {
  const found: number[] = []
  for (let code = 0; code <= 0x10ffff; code++) {
    // Lone surrogates are characters to Python as well; none is whitespace.
    if (test(String.fromCodePoint(code))) found.push(code)
  }
  return found
}

describe("Python's whitespace", () => {
  it('is the set str.isspace() accepts, over every code point', () => {
    expect(PYTHON_SPACES.length).toBeGreaterThan(20)
    expect(codePoints(isPythonSpace)).toEqual(PYTHON_SPACES)
  })

  it('is the same set as a regular expression class', () => {
    const pattern = new RegExp(`^[${PYTHON_SPACE_CLASS}]$`, 'u')
    expect(codePoints(char => pattern.test(char))).toEqual(PYTHON_SPACES)
  })

  it("strips as Python's str.strip() and str.rstrip() do, and finds the first other character", () => {
    const samples = [
      '',
      ' ',
      '\x1c\x1fvalue\x85',
      '\ufeffvalue\ufeff',
      '\u3000 a b \u2028',
      'inner  space',
      '\t\n\v\f\r',
      '\u200bzero width\u200b'
    ]
    const python = runPython<Array<[string, string, number]>>(
      'import json, re, sys\n' +
        'out = []\n' +
        'for s in json.load(sys.stdin):\n' +
        '    m = re.search(r"\\S", s)\n' +
        '    out.append([s.strip(), s.rstrip(), m.start() if m else -1])\n' +
        'print(json.dumps(out))',
      samples
    )
    expect(
      samples.map(text => [pythonStrip(text), pythonRstrip(text), firstNonSpace(text)])
    ).toEqual(python)
  })
})
