/**
 * The job summaries a user meets most, each from a real run of the bundled action on the example
 * project against local indexes: a success on two indexes, a metadata failure, a 403 and a dry
 * run. Shared by the summary's tests and `npm run screenshots`, so that what is looked at is what
 * is tested. Each scenario cleans up after itself.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startLocalIndex, type LocalIndex } from '../local-index/server.js'
import { REPO_ROOT, RunnerJob, type StepRun } from './runner-job.js'

const SAMPLE = path.join(REPO_ROOT, '__tests__', 'data', 'sample-project')
const ALICE = { username: 'alice', password: 'alice-S3cr3t;#=%:"pw' }
const BOB = { username: 'bob', password: 'bob-Pa55-word' }
const USERS = { [ALICE.username]: ALICE.password, [BOB.username]: BOB.password }

export type ScenarioName = 'two-indexes' | 'metadata-failure' | 'forbidden' | 'dry-run'

export const SCENARIOS: readonly ScenarioName[] = [
  'two-indexes',
  'metadata-failure',
  'forbidden',
  'dry-run'
]

/** Runs the scenario and returns the main step's run, its job summary among it. */
export async function runScenario(name: ScenarioName): Promise<StepRun> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'summary-'))
  const indexes: LocalIndex[] = []
  const jobs: RunnerJob[] = []
  const index = async (indexPath: string, aclUpload?: string[]) => {
    const started = await startLocalIndex({
      flavour: 'devpi',
      users: USERS,
      path: indexPath,
      ...(aclUpload ? { aclUpload } : {})
    })
    indexes.push(started)
    return started.url
  }
  const main = async (inputs: Record<string, string>) => {
    const job = await RunnerJob.create()
    jobs.push(job)
    return job.run('main', {
      cwd: workspace,
      env: { GITHUB_WORKSPACE: workspace },
      inputs: { 'project-dir': '.', ...inputs }
    })
  }
  try {
    await cp(SAMPLE, workspace, { recursive: true })
    switch (name) {
      case 'two-indexes':
        return await main({
          repository: `${await index('/alice/staging/')}\n${await index('/alice/production/')}`,
          ...ALICE
        })
      case 'metadata-failure': {
        const file = path.join(workspace, 'pyproject.toml')
        const text = (await readFile(file, 'utf8'))
          .replace('version = "0.1.0"', 'version = "0.1.0 final"')
          .replace('requires-python = ">=3.8"', 'requires-python = ">=3.8,"')
        await writeFile(file, text)
        return await main({ repository: await index('/alice/dev/'), ...ALICE })
      }
      case 'forbidden': {
        // A group in acl_upload leaves the probe unsure, so the register request is sent: the 403
        // comes from the index itself.
        const url = await index('/alice/dev/', [ALICE.username, ':release-team:'])
        return await main({ repository: url, ...BOB })
      }
      case 'dry-run':
        return await main({ repository: await index('/alice/dev/'), 'dry-run': 'true' })
    }
  } finally {
    await Promise.all(indexes.map(started => started.close()))
    await Promise.all(jobs.map(job => job.cleanup()))
    await rm(workspace, { recursive: true, force: true })
  }
}
