/**
 * The local index's devpi and pypiserver flavours against the real servers: the same requests to
 * both, the answers compared on what the action reads (the status and its reason phrase, the
 * server it recognises, where a redirect points, the JSON it looks at, what a read-back finds
 * stored, the outcome it makes of a register answer). The flavours stand in for the real servers
 * where those cannot be made to fail or misbehave; this keeps them honest.
 */
import { describe, expect, it } from '@jest/globals'
import { classifyAnswer } from '../../src/index-client/outcome.js'
import { fetchJsonOver } from '../../src/index-client/client.js'
import type { JsonAnswer } from '../../src/index-client/fetch-json.js'
import { recogniseFlavour } from '../../src/index-client/flavour.js'
import type { FormField } from '../../src/index-client/form.js'
import { encodeMultipart } from '../../src/index-client/multipart.js'
import { submitFields } from '../support/submit-fields.js'
import { compareStored } from '../../src/index-client/read-back.js'
import { followingSameOriginRedirects } from '../../src/index-client/same-origin-redirects.js'
import { nodeTransport } from '../../src/http/node-transport.js'
import { basicAuthorization } from '../../src/config/repository.js'
import {
  devpiDeployments,
  newDevpiIndex,
  realServers,
  type DevpiServer
} from '../support/real-servers/servers.js'
import { ALICE, BOB, cleanUpAfterEach, newIndex, USERS } from '../support/action-harness.js'

cleanUpAfterEach()
const transport = nodeTransport({})

type Who = 'alice' | 'bob' | 'wrong' | 'nobody'

function authorization(who: Who): Record<string, string> {
  if (who === 'nobody') return {}
  const credentials =
    who === 'wrong'
      ? { username: ALICE.username, password: 'wrong-Pa55word' }
      : who === 'alice'
        ? ALICE
        : BOB
  return { authorization: basicAuthorization(credentials) }
}

/** What the action reads of a GET: the raw answer, and the one at the end of its redirects. */
async function get(url: string): Promise<Record<string, unknown>> {
  const headers = { accept: 'application/json' }
  const raw = await fetchJsonOver(transport)(url, { headers, timeoutMs: 10_000 })
  const followed = await followingSameOriginRedirects(fetchJsonOver(transport))(url, {
    headers,
    timeoutMs: 10_000
  })
  return { raw: view(raw, url), followed: view(followed, url) }
}

function view(answer: JsonAnswer, url: string): Record<string, unknown> {
  const json = (answer.json ?? {}) as { type?: unknown; result?: Record<string, unknown> }
  const location = answer.headers.location
  return {
    status: answer.status,
    flavour: recogniseFlavour({
      url,
      headers: answer.headers,
      statusText: answer.statusText,
      body: answer.body
    }),
    ...(location === undefined ? {} : { location: new URL(location, url).pathname }),
    ...(json.type === undefined ? {} : { type: json.type }),
    ...(json.type === 'indexconfig'
      ? { indexType: json.result?.type, aclUpload: json.result?.acl_upload }
      : {}),
    ...(json.type === 'userconfig' ? { username: json.result?.username } : {})
  }
}

/** What the action reads of the answer to a POST: status, reason phrase, outcome, server. */
async function post(url: string, fields: FormField[], who: Who): Promise<Record<string, unknown>> {
  const { body, contentType } = encodeMultipart(fields)
  const answer = await transport.send({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, ...authorization(who) },
    body,
    timeoutMs: 10_000
  })
  return {
    status: answer.status,
    statusText: answer.status === 200 ? 'OK' : answer.statusText,
    outcome: classifyAnswer({ ...answer, location: answer.headers.location }, url).status,
    flavour: recogniseFlavour({ url, headers: answer.headers, statusText: answer.statusText })
  }
}

/** What a read-back of `sent` would find: devpi's JSON compared with the fields sent. */
async function storedView(url: string, sent: FormField[]): Promise<unknown> {
  const answer = await followingSameOriginRedirects(fetchJsonOver(transport))(url, {
    headers: { accept: 'application/json' },
    timeoutMs: 10_000
  })
  const result = (answer.json as { result?: Record<string, unknown> } | undefined)?.result
  return { status: answer.status, ...(result ? compareStored(sent, result) : {}) }
}

const register = submitFields

const FULL: FormField[] = [
  ['summary', 'A demo'],
  ['keywords', 'a,b'],
  ['classifiers', 'Programming Language :: Python :: 3'],
  ['classifiers', 'License :: OSI Approved :: MIT License'],
  ['requires_dist', 'requests>=2'],
  ['provides_extra', 'test'],
  ['provides_extras', 'test'],
  ['license_expression', 'MIT'],
  ['dynamic', 'version'],
  ['import_name', 'demo_pkg']
]

/**
 * Runs the same conversation with a devpi index at `indexUrl` (and its server's root, user page
 * and mirror), returning what the action would read of each answer.
 */
async function devpiConversation(
  indexUrl: string,
  mirrorUrl: string,
  open: { openUrl: string; anyUserUrl: string }
): Promise<Record<string, unknown>> {
  const origin = new URL(indexUrl).origin
  const sent = register('Demo_Pkg', '1.0', FULL)
  const answers: Record<string, unknown> = {}
  answers['GET index/'] = await get(indexUrl)
  answers['GET index'] = await get(indexUrl.replace(/\/$/, ''))
  answers['GET user page'] = await get(`${origin}/alice/`)
  answers['GET root'] = (await get(`${origin}/`)).followed
  answers['POST as alice'] = await post(indexUrl, sent, 'alice')
  answers['read back, normal name'] = await storedView(`${indexUrl}demo-pkg/1.0`, sent)
  answers['GET release, name as sent'] = await get(`${indexUrl}Demo_Pkg/1.0`)
  answers['GET missing release'] = (await get(`${indexUrl}demo-pkg/9.9`)).followed
  const fewer = register('Demo_Pkg', '1.0', [['summary', 'Second']])
  answers['POST again, fewer fields'] = await post(indexUrl, fewer, 'alice')
  answers['read back after that'] = await storedView(`${indexUrl}demo-pkg/1.0`, sent)
  answers['POST without the trailing slash'] = await post(
    indexUrl.replace(/\/$/, ''),
    register('demo-pkg', '2.0'),
    'alice'
  )
  answers['POST wrong password'] = await post(indexUrl, register('demo-pkg', '3.0'), 'wrong')
  answers['POST no credentials'] = await post(indexUrl, register('demo-pkg', '3.0'), 'nobody')
  answers['POST as bob, not in acl_upload'] = await post(
    indexUrl,
    register('demo-pkg', '3.0'),
    'bob'
  )
  answers['POST a version not in PEP 440'] = await post(
    indexUrl,
    register('demo-pkg', 'not a version'),
    'alice'
  )
  for (const [what, fields] of [
    ['a name starting with a hyphen', register('-demo', '1.0')],
    ['a name with a space', register('my demo', '1.0')],
    ['a name ending with a period', register('demo.', '1.0')],
    ['an empty version', register('demo-pkg', '')],
    ['no name', register('', '1.0').filter(([field]) => field !== 'name')],
    [
      'another :action',
      [[':action', 'list_classifiers'] as FormField, ...register('a', '1').slice(1)]
    ],
    ['no :action', register('demo-pkg', '1.0').slice(1)]
  ] as Array<[string, FormField[]]>) {
    answers[`POST ${what}`] = await post(indexUrl, fields, 'alice')
  }
  answers['GET mirror'] = (await get(mirrorUrl)).followed
  answers['POST to mirror'] = await post(mirrorUrl, register('demo-pkg', '1.0'), 'alice')
  answers['POST to :ANONYMOUS:, no credentials'] = await post(
    open.openUrl,
    register('demo-pkg', '1.0'),
    'nobody'
  )
  await post(open.anyUserUrl, register('shared-pkg', '1.0'), 'alice')
  answers["POST as bob to alice's project, bob in acl_upload"] = await post(
    open.anyUserUrl,
    register('shared-pkg', '1.1'),
    'bob'
  )
  return answers
}

function tidy(answers: Record<string, unknown>, indexPath: string): Record<string, unknown> {
  // The index names differ between the two servers only in their random part.
  return JSON.parse(JSON.stringify(answers).split(indexPath).join('/alice/INDEX')) as Record<
    string,
    unknown
  >
}

describe.each(devpiDeployments())('the devpi flavour against %s', (_, server: DevpiServer) => {
  it('answers every request of a registration as the real server does', async () => {
    const real = await newDevpiIndex(server, { owner: ALICE })
    const realOpen = await newDevpiIndex(server, { owner: ALICE, aclUpload: [':ANONYMOUS:'] })
    const realShared = await newDevpiIndex(server, { owner: ALICE, aclUpload: ['alice', 'bob'] })
    const indexPath = new URL(real).pathname
    const common = { flavour: 'devpi' as const, users: USERS, web: server.web }
    const model = await newIndex({ ...common, path: indexPath, aclUpload: ['alice'] })
    const modelMirror = await newIndex({ ...common, path: '/root/pypi/', mirror: true })
    const modelOpen = await newIndex({
      ...common,
      path: '/alice/open/',
      aclUpload: [':ANONYMOUS:']
    })
    const modelShared = await newIndex({
      ...common,
      path: '/alice/shared/',
      aclUpload: ['alice', 'bob']
    })

    const fromReal = await devpiConversation(real, `${server.origin}/root/pypi/`, {
      openUrl: realOpen,
      anyUserUrl: realShared
    })
    const fromModel = await devpiConversation(model.url, modelMirror.url, {
      openUrl: modelOpen.url,
      anyUserUrl: modelShared.url
    })
    expect(tidy(fromModel, indexPath)).toEqual(tidy(fromReal, indexPath))
  }, 120_000)
})

describe('the pypiserver flavour against pypiserver 2.4.1', () => {
  async function conversation(url: string): Promise<Record<string, unknown>> {
    return {
      'GET /': (await get(url)).followed,
      'POST as alice': await post(url, register('demo-pkg', '1.0', FULL), 'alice'),
      'POST wrong password': await post(url, register('demo-pkg', '1.0'), 'wrong'),
      'POST no credentials': await post(url, register('demo-pkg', '1.0'), 'nobody'),
      'POST without :action': await post(url, register('demo-pkg', '1.0').slice(1), 'alice'),
      'POST to /simple/': await post(`${url}simple/`, register('demo-pkg', '1.0'), 'alice')
    }
  }

  it('answers every request of a registration as the real server does', async () => {
    const model = await newIndex({ flavour: 'pypiserver', users: USERS })
    const real = await conversation(realServers().pypiserver.url)
    const fromModel = await conversation(model.url)
    // Both say why in their own words (pypiserver in an HTML page); the action reads the status.
    const statusOnly = (answers: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(answers).map(([name, answer]) => [
          name,
          { ...(answer as Record<string, unknown>), statusText: undefined }
        ])
      )
    expect(statusOnly(fromModel)).toEqual(statusOnly(real))
  })
})
