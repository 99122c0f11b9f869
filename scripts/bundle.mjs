/**
 * Builds dist/main and dist/post with ncc. The HTTP client, the archive readers and the field
 * locator are split into chunk files that load only when needed, and ncc's own --license file then
 * keeps only the last chunk's packages; so each folder's licenses.txt is written here, from the
 * packages that webpack reports in any of its files.
 *
 * Every emitted file is then minified with ASCII-only output (ncc's --minify skips chunks): start
 * time goes into reading and compiling these files, and V8 scans a file with a single non-ASCII
 * character as two-byte text. Function and class names are kept, so that the stack trace in the
 * debug log stays readable.
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
// CommonJS launchers: ncc then emits CommonJS, which Node starts without its ES module loader.
const ENTRIES = {
  main: 'src/entrypoints/main.cjs',
  post: 'src/entrypoints/post.cjs',
  cli: 'src/entrypoints/cli.cjs'
}

const scratch = mkdtempSync(path.join(tmpdir(), 'bundle-'))
try {
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const out = path.join(root, 'dist', name)
    // Stale chunks from an earlier build would otherwise stay in the committed folder.
    rmSync(out, { recursive: true, force: true })
    const stats = path.join(scratch, `${name}.json`)
    execFileSync(
      process.execPath,
      [ncc, 'build', entry, '-o', out, '--quiet', '--stats-out', stats],
      {
        cwd: root,
        stdio: 'inherit'
      }
    )
    // The repository's package.json says "module"; these files are CommonJS.
    writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n')
    const buildStats = JSON.parse(readFileSync(stats, 'utf8'))
    const files = readdirSync(out).filter(name => /\.c?js$/.test(name))
    for (const file of files) await minifyInPlace(path.join(out, file))
    // The command-line entry may be run directly (dist/cli/index.cjs), so it must be executable.
    if (name === 'cli') chmodSync(path.join(out, 'index.cjs'), 0o755)
    const packages = bundledPackages(buildStats)
    writeFileSync(path.join(out, 'licenses.txt'), packages.map(licenseEntry).join('\n'))
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

/** The file path of every module in the build, concatenated ones included. */
function modulePaths(stats) {
  const paths = []
  const visit = modules => {
    for (const module of modules ?? []) {
      // Identifiers may carry loaders (`a!b!/path`) and a module type (`json|/path`) before the path.
      const last = `${module.identifier ?? ''}`.split('!').pop() ?? ''
      paths.push(last.slice(last.lastIndexOf('|') + 1))
      visit(module.modules)
    }
  }
  visit(stats.modules)
  return paths
}

async function minifyInPlace(file) {
  const result = await minify(readFileSync(file, 'utf8'), {
    module: false,
    compress: { keep_fnames: true, keep_classnames: true },
    // Local names are shortened; function and class names stay, so that a stack trace in the debug
    // log still says where it was.
    mangle: { keep_fnames: true, keep_classnames: true },
    format: { ascii_only: true, comments: false }
  })
  writeFileSync(file, result.code)
}

/** The package folders of every module in the build, innermost node_modules first, sorted. */
function bundledPackages(stats) {
  const folders = new Set()
  for (const where of modulePaths(stats)) {
    const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(where)
    if (match) folders.add(match[1])
  }
  return [...folders]
    .map(folder => ({
      folder,
      manifest: JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
    }))
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name))
}

/** Name and version, the declared license, then the license text the package ships. */
function licenseEntry({ folder, manifest }) {
  const file = readdirSync(folder).find(entry => /^(licen[cs]e|copying)(\.|$)/i.test(entry))
  const text =
    file && existsSync(path.join(folder, file))
      ? readFileSync(path.join(folder, file), 'utf8').trim()
      : '(no license file in the package)'
  return `${manifest.name}@${manifest.version}\n${manifest.license ?? 'UNKNOWN'}\n${text}\n`
}
