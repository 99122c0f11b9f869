/**
 * The source layout as CONTRIBUTING.md describes it, checked rather than hoped for: every import
 * points down the list of layers, no two modules import each other (directly or round a circle),
 * and no module grows past the size at which it holds two concerns.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const SRC = path.join(process.cwd(), 'src')

/**
 * Top to bottom. The runs (main, cli, post) use everything; report/ tells the user what happened;
 * index-client/ speaks the index protocol and knows the servers, over the connections http/ opens
 * with what config/ resolved; config/ reads inputs and files; check/ judges metadata that
 * metadata/ read (and locates in its file); packaging/ holds the grammars of Python's packaging
 * (names, versions, requirements) that reading and judging share; host/ is the interface every
 * layer reports through, and the shared modules sit at the bottom.
 */
const LAYERS = [
  'run',
  'report',
  'index-client',
  'http',
  'config',
  'check',
  'metadata',
  'packaging',
  'host',
  'shared'
] as const
const RUNS = new Set(['main.ts', 'cli.ts', 'post.ts'])
const MAX_LINES = 520

function layerOf(file: string): (typeof LAYERS)[number] {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep)
  if (rest.length === 0) return RUNS.has(first!) ? 'run' : 'shared'
  if (first === 'entrypoints') return 'run'
  const layer = LAYERS.find(name => name === first)
  if (layer === undefined) throw new Error(`${first}/ is not a layer: add it to LAYERS`)
  return layer
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.(ts|cjs)$/.test(entry.name) ? [full] : []
  })
}

/** Every relative module a file imports, statically, by type, dynamically or by require. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [
    ...text.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)
  ].map(match => match[1]!)
  return specifiers.map(specifier =>
    path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts')
  )
}

const FILES = sourceFiles(SRC)
const GRAPH = new Map(FILES.map(file => [file, importsOf(file)]))

describe('the source layout', () => {
  it('imports only modules that exist', () => {
    const missing = [...GRAPH].flatMap(([file, targets]) =>
      targets.filter(target => !GRAPH.has(target)).map(target => `${file} -> ${target}`)
    )
    expect(missing).toEqual([])
  })

  it('has every import point down the layers', () => {
    const upward = [...GRAPH].flatMap(([file, targets]) =>
      targets
        .filter(target => GRAPH.has(target))
        .filter(target => LAYERS.indexOf(layerOf(target)) < LAYERS.indexOf(layerOf(file)))
        .map(
          target =>
            `${path.relative(SRC, file)} (${layerOf(file)}) -> ${path.relative(SRC, target)}`
        )
    )
    expect(upward).toEqual([])
  })

  it('has no circle of imports', () => {
    const circles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, trail: string[]): void => {
      state.set(file, 'open')
      for (const target of GRAPH.get(file) ?? []) {
        if (state.get(target) === 'open') {
          const circle = [...trail.slice(trail.indexOf(target)), target]
          circles.push(circle.map(each => path.relative(SRC, each)).join(' -> '))
        } else if (!state.has(target) && GRAPH.has(target)) visit(target, [...trail, target])
      }
      state.set(file, 'done')
    }
    for (const file of FILES) if (!state.has(file)) visit(file, [file])
    expect(circles).toEqual([])
  })

  it(`keeps every module under ${MAX_LINES} lines`, () => {
    const long = FILES.map(file => ({
      file: path.relative(SRC, file),
      lines: readFileSync(file, 'utf8').split('\n').length
    })).filter(({ lines }) => lines > MAX_LINES)
    expect(long).toEqual([])
  })

  it('sees the layers it checks', () => {
    // A pattern that matched nothing would make the checks above pass vacuously.
    expect(new Set(FILES.map(layerOf))).toEqual(new Set(LAYERS))
    expect([...GRAPH.values()].flat().length).toBeGreaterThan(100)
  })
})
