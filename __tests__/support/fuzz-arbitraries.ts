/**
 * Generators for the fuzz tests: PEP 440 versions in every spelling, PEP 508 requirements with
 * markers, specifier sets, and a mutation that breaks a third of any of them, so that the inputs
 * reach both sides of each grammar.
 */
import fc from 'fast-check'

/** Texts built from pieces that matter to a grammar, with random characters between them. */
export function textFrom(pieces: readonly string[], maxParts = 10): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3, unit: 'binary' })), {
      maxLength: maxParts
    })
    .map(parts => parts.join(''))
}

/** One random character inserted, deleted or replaced, in a third of the values. */
export function mutated(arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom('insert', 'delete', 'replace'),
    char: fc.constantFrom(...' ,;()[]<>=!~.*+-_@"\'#\t\n\\é0aZ'.split(''))
  })
  return fc.tuple(arbitrary, fc.option(edit, { freq: 2 })).map(([text, change]) => {
    if (change === null) return text
    const at = Math.floor(change.at * text.length)
    const keep = change.kind === 'insert' ? at : at + 1
    return text.slice(0, at) + (change.kind === 'delete' ? '' : change.char) + text.slice(keep)
  })
}

const spelled = (word: string) =>
  fc.constantFrom(word, word.toUpperCase(), word[0]?.toUpperCase() + word.slice(1))
const separator = fc.constantFrom('', '.', '-', '_')
const number = fc.oneof(fc.nat(12), fc.constantFrom(0, 10, 2024, 999999999)).map(String)

/** PEP 440 versions in all the spellings packaging normalises, and some it does not. */
export const versionText: fc.Arbitrary<string> = fc
  .record({
    v: fc.constantFrom('', '', 'v', 'V'),
    epoch: fc.option(
      number.map(n => `${n}!`),
      { freq: 5 }
    ),
    release: fc.array(fc.oneof(number, fc.constant('01')), { minLength: 1, maxLength: 4 }),
    pre: fc.option(
      fc.tuple(
        separator,
        fc.constantFrom('a', 'alpha', 'b', 'beta', 'c', 'rc', 'pre', 'preview').chain(spelled),
        separator,
        fc.option(number)
      ),
      { freq: 3 }
    ),
    post: fc.option(
      fc.oneof(
        fc.tuple(
          separator,
          fc.constantFrom('post', 'rev', 'r').chain(spelled),
          separator,
          fc.option(number)
        ),
        number.map(n => ['-', '', '', n] as const)
      ),
      { freq: 3 }
    ),
    dev: fc.option(fc.tuple(separator, spelled('dev'), separator, fc.option(number)), { freq: 3 }),
    local: fc.option(
      fc
        .array(fc.stringMatching(/^[a-zA-Z0-9]{1,4}$/), { minLength: 1, maxLength: 3 })
        .chain(parts =>
          fc
            .array(fc.constantFrom('.', '-', '_'), {
              minLength: parts.length,
              maxLength: parts.length
            })
            .map(seps => parts.map((part, i) => (i === 0 ? part : `${seps[i]}${part}`)).join(''))
        ),
      { freq: 4 }
    ),
    space: fc.constantFrom('', '', ' ', '\t')
  })
  .map(({ v, epoch, release, pre, post, dev, local, space }) => {
    const part = (piece: readonly [string, string, string, string | null] | null) =>
      piece === null ? '' : piece.map(item => item ?? '').join('')
    return `${space}${v}${epoch ?? ''}${release.join('.')}${part(pre)}${part(post)}${part(dev)}${local === null ? '' : `+${local}`}${space}`
  })

const operator = fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~=', '===')
const specifierText = fc
  .tuple(operator, fc.constantFrom('', ' '), versionText, fc.constantFrom('', '', '.*'))
  .map(([op, gap, version, star]) => `${op}${gap}${version.trim()}${star}`)
export const specifierSetText = fc
  .array(specifierText, { maxLength: 3 })
  .chain(specs => fc.constantFrom(',', ', ', ' ,').map(join => specs.join(join)))

const markerAtom = fc
  .tuple(
    fc.constantFrom(
      'python_version',
      'python_full_version',
      'sys_platform',
      'os_name',
      'extra',
      'platform_machine',
      'implementation_name',
      'platform_release',
      'os.name',
      'dependency_groups'
    ),
    fc.constantFrom(' == ', ' != ', ' < ', ' >= ', ' ~= ', ' in ', ' not in ', ' === ', '=='),
    fc.oneof(
      versionText.map(v => v.trim()),
      fc.constantFrom('linux', 'win32', 'test', 'x86_64', '')
    ),
    fc.constantFrom('"', "'"),
    fc.boolean()
  )
  .map(([variable, op, value, quote, flip]) =>
    flip ? `${quote}${value}${quote}${op}${variable}` : `${variable}${op}${quote}${value}${quote}`
  )
const markerText: fc.Arbitrary<string> = fc.letrec(tie => ({
  marker: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    markerAtom,
    fc
      .tuple(tie('marker'), fc.constantFrom(' and ', ' or '), tie('marker'))
      .map(parts => parts.join('')),
    tie('marker').map(inner => `(${inner})`)
  )
})).marker as fc.Arbitrary<string>

/** PEP 508 requirements: a name, extras, versions or a URL, and a marker. */
export const requirementText = fc
  .record({
    name: fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,6}[A-Za-z0-9])?$/),
    extras: fc.option(
      fc
        .array(fc.stringMatching(/^[a-z][a-z0-9-]{0,4}$/), { maxLength: 3 })
        .map(list => `[${list.join(',')}]`),
      { freq: 3 }
    ),
    versions: fc.oneof(
      specifierSetText,
      specifierSetText.map(set => ` (${set})`),
      fc.constantFrom(
        ' @ https://example.com/x-1.0.whl',
        '@ file:///tmp/x',
        ' @ git+https://h/x.git@v1 '
      )
    ),
    marker: fc.option(
      markerText.map(marker => `; ${marker}`),
      { freq: 2 }
    )
  })
  .map(({ name, extras, versions, marker }) => `${name}${extras ?? ''}${versions}${marker ?? ''}`)
