/**
 * The node:http2 stand-in that scripts/bundle.mjs puts into the bundles
 * (src/shims/http2-on-demand.cjs): it answers what undici's HTTP/2 client reads at load with
 * node:http2's own values without loading it, hands everything else to the real module, and so a
 * registration over plain http loads neither node:http2 nor node:tls.
 */
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { constants as http2Constants } from 'node:http2'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  newIndex,
  newJob,
  runMain,
  USERS
} from './support/action-harness.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const SHIM = path.join(REPO_ROOT, 'src', 'shims', 'http2-on-demand.cjs')

/** Runs `script` in a fresh Node process with `shim` bound to the stand-in; returns its JSON. */
function inFreshProcess<T>(script: string): Promise<T> {
  const program = `
const shim = require(${JSON.stringify(SHIM)})
const loaded = name => process.moduleLoadList.includes('NativeModule ' + name)
${script}`
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', program], (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolve(JSON.parse(stdout) as T)
    })
  })
}

/** The constants undici's client-h2.js takes from node:http2 as it loads. */
async function constantsUndiciReadsAtLoad(): Promise<string[]> {
  const file = path.join(REPO_ROOT, 'node_modules', 'undici', 'lib', 'dispatcher', 'client-h2.js')
  const source = await readFile(file, 'utf8')
  const destructuring = /const\s*\{\s*constants:\s*\{([^}]*)\}\s*\}\s*=\s*http2\b/.exec(source)
  if (!destructuring) throw new Error(`${file} no longer reads node:http2's constants as expected`)
  return destructuring[1]!.split(',').map(name => name.trim())
}

describe('the node:http2 stand-in', () => {
  it("gives undici's HTTP/2 client what it reads at load, with node:http2's values, without loading it", async () => {
    const names = await constantsUndiciReadsAtLoad()
    expect(names.length).toBeGreaterThan(5)
    const seen = await inFreshProcess<{ values: Record<string, unknown>; loaded: boolean[] }>(`
const values = {}
for (const name of ${JSON.stringify(names)}) values[name] = shim.constants[name]
console.log(JSON.stringify({ values, loaded: [loaded('http2'), loaded('tls')] }))`)
    expect(seen.loaded).toEqual([false, false])
    expect(seen.values).toEqual(
      Object.fromEntries(
        names.map(name => [name, (http2Constants as Record<string, unknown>)[name]])
      )
    )
  })

  it('loads node:http2 for anything else and hands over the real thing', async () => {
    const seen = await inFreshProcess<Record<string, unknown>>(`
const other = shim.constants.HTTP2_HEADER_TE
const afterConstant = loaded('http2')
const real = require('node:http2')
console.log(JSON.stringify({
  other,
  afterConstant,
  sameConnect: shim.connect === real.connect,
  hasConnect: 'connect' in shim,
  sameKeys: JSON.stringify(Object.keys(shim)) === JSON.stringify(Object.keys(real)),
  sameConstantKeys:
    JSON.stringify(Object.keys(shim.constants)) === JSON.stringify(Object.keys(real.constants))
}))`)
    expect(seen).toEqual({
      other: http2Constants.HTTP2_HEADER_TE,
      afterConstant: true,
      sameConnect: true,
      hasConnect: true,
      sameKeys: true,
      sameConstantKeys: true
    })
  })

  it('is what the bundle uses: a registration over http loads neither node:http2 nor node:tls', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'module-list-'))
    closeAfterTest(() => rm(dir, { recursive: true, force: true }))
    const list = path.join(dir, 'modules.txt')
    const hook = path.join(dir, 'hook.cjs')
    await writeFile(
      hook,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')))\n`
    )
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, undefined, {
      NODE_OPTIONS: `--require ${hook}`
    })
    expect(run.outputs.status).toBe('registered')
    expect(index.requests.filter(request => request.method === 'POST')).toHaveLength(1)
    const modules = (await readFile(list, 'utf8')).split('\n')
    // The HTTP client did load (so the list is the one of a real registration)...
    expect(modules).toContain('NativeModule net')
    expect(modules).toContain('NativeModule http')
    // ...without HTTP/2 or TLS.
    expect(modules).not.toContain('NativeModule http2')
    expect(modules).not.toContain('NativeModule tls')
  })
})
