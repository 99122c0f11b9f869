/**
 * Python's configparser as the oracle for src/configparser.ts: a script that reads many inputs in
 * one process, and our parser's answer in the same shape, for the parity and fuzz tests.
 */
import {
  ConfigSyntaxError,
  getConfigValue,
  parseConfig,
  type ConfigEntry,
  type ConfigSyntaxErrorKind,
  type ParsedConfig
} from '../../src/configparser.js'

/** Python's view of one input: what `RawConfigParser` holds after reading it, or what it raised. */
export type Outcome =
  | {
      /** Each section with its own keys (what Python stores before DEFAULT is merged in). */
      sections: Array<[string, Array<[string, string]>]>
      defaults: Array<[string, string]>
      /** `items(section)` for each section. */
      items: Array<[string, Array<[string, string]>]>
      /** `get(section, key)` for every key of `options(section)`. */
      get: Array<[string, string, string]>
    }
  | { error: string; lineno: number; lines: number[] }

/** Reads each case (`{text}` or `{path}`) with RawConfigParser, as twine and setuptools do. */
export const READ_ALL = `
import configparser, json, sys

def outcome(case):
    parser = configparser.RawConfigParser()
    try:
        if 'path' in case:
            if not parser.read(case['path'], encoding='utf-8'):
                raise SystemExit('could not read ' + case['path'])
        else:
            parser.read_string(case['text'])
    except configparser.Error as error:
        if getattr(error, 'lineno', None) is not None:
            lines = [error.lineno]
        else:
            lines = [lineno for lineno, _ in error.errors]
        return {'error': type(error).__name__, 'lineno': lines[0], 'lines': lines}
    names = parser.sections()
    return {
        'sections': [[name, list(parser._sections[name].items())] for name in names],
        'defaults': list(parser.defaults().items()),
        'items': [[name, parser.items(name)] for name in names],
        'get': [[name, key, parser.get(name, key)] for name in names for key in parser.options(name)],
    }

print(json.dumps([outcome(case) for case in json.load(sys.stdin)]))
`

const PYTHON_ERROR: Record<ConfigSyntaxErrorKind, string> = {
  'missing-section-header': 'MissingSectionHeaderError',
  'duplicate-section': 'DuplicateSectionError',
  'duplicate-key': 'DuplicateOptionError',
  'missing-key': 'ParsingError',
  'invalid-line': 'ParsingError'
}

/**
 * Python's `parser.items(section)` over what we parsed: DEFAULT's keys first (with the section's
 * value where it sets the same key), then the section's other keys, each in file order.
 */
function itemsOf(config: ParsedConfig, section: string): ConfigEntry[] {
  const items = new Map(config.defaults)
  for (const [key, entry] of config.sections.get(section)?.entries ?? []) items.set(key, entry)
  return [...items.values()]
}

/** What a parsed config holds, in the oracle's shape. */
function describeConfig(config: ParsedConfig): Outcome {
  const names = [...config.sections.keys()]
  return {
    sections: [...config.sections.values()].map(section => [
      section.name,
      [...section.entries.values()].map(entry => [entry.key, entry.value])
    ]),
    defaults: [...config.defaults.values()].map(entry => [entry.key, entry.value]),
    items: names.map(name => [name, itemsOf(config, name).map(entry => [entry.key, entry.value])]),
    get: names.flatMap(name =>
      [
        ...new Set([
          ...(config.sections.get(name)?.entries.keys() ?? []),
          ...config.defaults.keys()
        ])
      ].map((key): [string, string, string] => [name, key, getConfigValue(config, name, key) ?? ''])
    )
  }
}

/** Our parser's answer in the oracle's shape; `error` is the ConfigSyntaxError, if one was thrown. */
export function parseWithOutcome(
  text: string,
  fileName: string
): { outcome: Outcome; error?: unknown } {
  try {
    return { outcome: describeConfig(parseConfig(text, fileName)) }
  } catch (error) {
    if (!(error instanceof ConfigSyntaxError)) throw error
    return {
      outcome: { error: PYTHON_ERROR[error.kind], lineno: error.line, lines: [...error.lines] },
      error
    }
  }
}
