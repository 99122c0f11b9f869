/** Names the action shares with its workflow file and between its main and post steps, spelled once. */

export const Inputs = {
  repository: 'repository',
  username: 'username',
  password: 'password',
  pypirc: 'pypirc',
  configFile: 'config-file',
  allowInsecureHttp: 'allow-insecure-http',
  onUnsupported: 'on-unsupported',
  retries: 'retries',
  timeout: 'timeout',
  caCert: 'ca-cert',
  clientCert: 'client-cert',
  projectDir: 'project-dir',
  metadataSource: 'metadata-source',
  distDir: 'dist-dir',
  buildIsolation: 'build-isolation',
  python: 'python',
  buildTimeout: 'build-timeout',
  allowUncontainedBuild: 'allow-uncontained-build',
  dryRun: 'dry-run',
  checkOnly: 'check-only',
  strict: 'strict',
  checkTag: 'check-tag',
  tagPrefix: 'tag-prefix',
  verbose: 'verbose',
  readBack: 'read-back'
} as const

/** Inputs that the command line also takes as a bare flag, meaning true (`--dry-run`). */
export const FLAG_INPUTS: ReadonlySet<string> = new Set([
  Inputs.dryRun,
  Inputs.checkOnly,
  Inputs.strict,
  Inputs.allowInsecureHttp,
  Inputs.allowUncontainedBuild,
  Inputs.verbose
])

export const Outputs = {
  name: 'name',
  version: 'version',
  status: 'status',
  pypircPath: 'pypirc-path',
  pypircSection: 'pypirc-section',
  results: 'results',
  metadataSource: 'metadata-source'
} as const

export const State = {
  pypircPath: 'pypirc-path'
} as const

/** The user name PyPI-style indexes expect with an API token. */
export const TOKEN_USERNAME = '__token__'

/** What pypi.org and test.pypi.org API tokens start with. */
export const PYPI_TOKEN_PREFIX = 'pypi-'

/** Kept equal to package.json's version by a test; sent in the User-Agent. */
export const ACTION_VERSION = '1.0.0'

export const USER_AGENT = `pypi-register/${ACTION_VERSION} node/${process.versions.node}`
