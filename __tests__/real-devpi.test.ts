/**
 * The bundled action against the real devpi-server, as users deploy it: with devpi-web (whose
 * views redirect `/USER/INDEX/` to `/USER/INDEX` and a name to its normal form) and without it.
 * Every test registers on an index of its own; what devpi stored is read with devpi's own API and
 * compared field by field with the wheel's METADATA, parsed by Python's email parser.
 */
import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  ALICE,
  BOB,
  cleanUpAfterEach,
  failureLine,
  newJob,
  projectCopy,
  resultsOf,
  runMain,
  visibleText
} from './support/action-harness.js'
import { runPython } from './support/python.js'
import { sampleCheckout } from './support/run-step.js'
import { REPO_ROOT } from './support/runner-job.js'
import {
  devpiDeployments,
  devpiRelease,
  newDevpiIndex,
  type DevpiServer
} from './support/real-servers/servers.js'

cleanUpAfterEach()

const NAME = 'peer-register-sample'
const VERSION = '0.1.0'

interface Stored {
  unchanged: string[]
  changed: string[]
  lost: string[]
}

/**
 * Python's reading of a METADATA file against devpi's record: for each field the file has, under
 * the form's name, whether devpi holds the same values. devpi keeps the extras as provides_extras.
 */
function compareWithMetadata(
  metadata: string,
  stored: Record<string, unknown>
): Record<string, boolean> {
  return runPython(
    `import email.parser, json, sys
given = json.load(sys.stdin)
message = email.parser.Parser().parsestr(given["metadata"])
stored = given["stored"]
renamed = {"classifier": "classifiers", "project_url": "project_urls", "provides_extra": "provides_extras"}
values = {}
for key, value in message.items():
    field = key.lower().replace("-", "_")
    values.setdefault(renamed.get(field, field), []).append(value)
body = message.get_payload()
if body:
    values["description"] = [body]
result = {}
for field, sent in values.items():
    kept = stored.get(field)
    kept = kept if isinstance(kept, list) else ([] if kept in (None, "") else [kept])
    result[field] = kept == sent
print(json.dumps(result))`,
    { metadata, stored }
  )
}

/** The action's names for what it compared, in the form's terms (`provides_extra (as ...)`). */
const formName = (field: string) => field.replace(/ \(as .+\)$/, '')

describe.each(devpiDeployments())('%s', (_, server: DevpiServer) => {
  describe('registering and reading back', () => {
    it.each([
      ['with the trailing slash', (url: string) => url],
      ['without the trailing slash', (url: string) => url.replace(/\/$/, '')]
    ])('%s: every field stored as the wheel says, and the read-back says so', async (_, form) => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const project = await sampleCheckout(true)
      const run = await runMain(await newJob(), { repository: form(index), ...ALICE }, project)
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('registered')
      const stored = await devpiRelease(index, NAME, VERSION)
      expect(stored).toBeDefined()

      const metadata = await readFile(
        path.join(REPO_ROOT, '__tests__', 'data', 'dists', 'METADATA.sample'),
        'utf8'
      )
      const oracle = compareWithMetadata(metadata, stored ?? {})
      expect(Object.entries(oracle).filter(([, same]) => !same)).toEqual([])
      const [result] = resultsOf(run)
      const report = result?.stored as Stored | null
      expect(report).not.toBeNull()
      expect(report?.changed).toEqual([])
      expect(report?.lost).toEqual([])
      const fields = Object.keys(oracle).map(field =>
        field === 'provides_extras' ? 'provides_extra' : field
      )
      expect(report?.unchanged.map(formName).sort()).toEqual(fields.sort())
      expect(result?.message).toContain(
        `Read back: ${fields.length} of ${fields.length} fields stored unchanged.`
      )
      expect(run.stdout).toContain(
        'Registering on one index; at most 230 s in all (a server probe of up to 10 s, 4 attempts of up to 30 s with waits of up to 30 s between them and a read-back of up to 10 s).'
      )
    })

    it('reports the fields it dropped (import_name, Metadata 2.5) in the log, summary and results', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const project = await projectCopy(text =>
        text.replace(
          'version = "0.1.0"',
          'version = "0.1.0"\nimport-names = ["peer_register_sample"]'
        )
      )
      const run = await runMain(await newJob(), { repository: index, ...ALICE }, project)
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('registered')
      const [result] = resultsOf(run)
      const stored = result?.stored as { unchanged: string[]; changed: string[]; lost: string[] }
      expect(stored.lost).toEqual(['import_name'])
      expect(stored.changed).toEqual([])
      expect(stored.unchanged).toEqual(
        expect.arrayContaining([
          'name',
          'version',
          'description',
          'provides_extra (as provides_extras)'
        ])
      )
      expect(run.stdout).toMatch(
        /Read back: \d+ of \d+ fields stored unchanged; lost: import_name\./
      )
      expect(run.summary).toMatch(/\| Read back from \| Stored unchanged \| Changed \| Lost \|/)
      expect(run.summary).toMatch(
        /\| `127\.0\.0\.1-\d+-alice-t-[0-9a-f]+` \| \d+ \| — \| import\\_name \|/
      )
    })

    it('a name not in normal form is read back under its normal form', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const project = await projectCopy(text =>
        text.replace(`name = "${NAME}"`, 'name = "Peer_Register.Sample"')
      )
      const run = await runMain(await newJob(), { repository: index, ...ALICE }, project)
      expect(run.outputs.status).toBe('registered')
      expect(run.stdout).not.toContain('Could not check what was stored')
      expect(resultsOf(run)[0]?.stored).toMatchObject({ changed: [], lost: [] })
      expect(await devpiRelease(index, NAME, VERSION)).toMatchObject({
        name: 'Peer_Register.Sample'
      })
    })

    it('a second registration of the same version replaces what was stored', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      expect((await runMain(await newJob(), { repository: index, ...ALICE })).code).toBe(0)
      const changed = await projectCopy(text =>
        text.replace(/^description = .*$/m, 'description = "Second summary"')
      )
      const again = await runMain(await newJob(), { repository: index, ...ALICE }, changed)
      expect(again.outputs.status).toBe('registered')
      expect(resultsOf(again)[0]?.stored).toMatchObject({ changed: [], lost: [] })
      expect(await devpiRelease(index, NAME, VERSION)).toMatchObject({
        summary: 'Second summary'
      })
    })
  })

  describe('refusals, each in devpi’s terms', () => {
    it('a wrong password is unauthorized, and never shown', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const wrong = 'wrong-Pa55word-xyz'
      const run = await runMain(await newJob(), {
        repository: index,
        username: ALICE.username,
        password: wrong
      })
      expect(run.outputs.status).toBe('unauthorized')
      expect(failureLine(run)).toMatch(
        /401 Unauthorized\. devpi did not accept the password of alice/
      )
      expect(visibleText(run)).not.toContain(wrong)
      expect(visibleText(run)).not.toContain(Buffer.from(`alice:${wrong}`).toString('base64'))
    })

    it('a user missing from acl_upload is told before sending, with the command for this index', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const run = await runMain(await newJob(), { repository: index, ...BOB })
      expect(run.outputs.status).toBe('forbidden')
      const line = failureLine(run)
      const indexName = new URL(index).pathname.replace(/^\/|\/$/g, '')
      expect(line).toContain(
        'upload right (acl_upload) goes to alice, not to bob; nothing was sent.'
      )
      expect(line).toContain(`devpi index ${indexName} acl_upload+=bob`)
      expect(line).not.toMatch(/\b403\b/)
      expect(resultsOf(run)[0]?.advice).toBe(
        `Ask the index's owner to run \`devpi index ${indexName} acl_upload+=bob\`, or register on an index of your own.`
      )
      expect(await devpiRelease(index, NAME, VERSION)).toBeUndefined()
    })

    it('a password without a user name: the user name is what is missing, never an acl for __token__', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const run = await runMain(await newJob(), { repository: index, password: ALICE.password })
      expect(run.outputs.status).toBe('forbidden')
      const line = failureLine(run)
      expect(line).toContain('No user name was given, so the request went as __token__')
      expect(line).not.toContain('acl_upload+=')
    })

    it('a 403 from devpi itself (a group in acl_upload) names the index too', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE, aclUpload: [':developers:'] })
      const run = await runMain(await newJob(), { repository: index, ...BOB })
      expect(run.outputs.status).toBe('forbidden')
      const indexName = new URL(index).pathname.replace(/^\/|\/$/g, '')
      expect(failureLine(run)).toMatch(
        new RegExp(
          `403 no permission to submit\\. On devpi a 403 means .*devpi index ${indexName} acl_upload\\+=bob`
        )
      )
    })
  })

  describe('URLs that are not an index', () => {
    it.each([
      ['the mirror index root/pypi', '/root/pypi/', /is a devpi mirror index/],
      [
        'the server root',
        '/',
        /is a devpi server root, not an index.*Use one of its stage indexes/
      ],
      ['a user page', '/alice/', /is a devpi user page, not an index/]
    ])('%s: not-an-index, nothing sent', async (_, pathname, message) => {
      await newDevpiIndex(server, { owner: ALICE })
      const run = await runMain(await newJob(), {
        repository: `${server.origin}${pathname}`,
        ...ALICE
      })
      expect(run.outputs.status).toBe('not-an-index')
      expect(failureLine(run)).toMatch(message)
      expect(resultsOf(run)[0]).toMatchObject({ attempts: 0 })
    })

    it('a +simple/ page: not-an-index, with the index to use', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE })
      const run = await runMain(await newJob(), { repository: `${index}+simple/`, ...ALICE })
      expect(run.outputs.status).toBe('not-an-index')
      expect(failureLine(run)).toContain(`Use ${index} as the repository.`)
    })

    it('a page of the server that is not an index (/+search): never reported registered', async () => {
      const run = await runMain(await newJob(), {
        repository: `${server.origin}/+search`,
        ...ALICE
      })
      expect(run.outputs.status).not.toBe('registered')
      if (server.web) {
        // devpi-web answers the POST with its search page (200): only reading back tells.
        expect(run.outputs.status).toBe('not-stored')
        expect(run.stdout).toMatch(/holds no peer-register-sample 0\.1\.0 when read back/)
      } else {
        expect(run.outputs.status).toBe('not-found')
      }
    })
  })

  describe('who may register: acl_upload', () => {
    it(':ANONYMOUS: takes a registration without credentials, and the log says none were sent', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE, aclUpload: [':ANONYMOUS:'] })
      const run = await runMain(await newJob(), { repository: index })
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('registered')
      expect(run.stdout).toMatch(/without credentials/)
      expect(await devpiRelease(index, NAME, VERSION)).toMatchObject({ name: NAME })
    })

    it(':AUTHENTICATED: takes any user with a password, and refuses a request without one before sending', async () => {
      const index = await newDevpiIndex(server, { owner: ALICE, aclUpload: [':AUTHENTICATED:'] })
      const bob = await runMain(await newJob(), { repository: index, ...BOB })
      expect(bob.outputs.status).toBe('registered')
      const anonymous = await runMain(await newJob(), { repository: index })
      expect(anonymous.outputs.status).toBe('unauthorized')
      expect(failureLine(anonymous)).toMatch(
        /not to a request without a password; nothing was sent/
      )
    })
  })
})
