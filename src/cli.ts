/**
 * The command-line entry point: the same registration as the action, outside GitHub Actions.
 * Options are named like the action's inputs (`--repository`, `--dry-run`, ...); credentials come
 * from TWINE_USERNAME / TWINE_PASSWORD (or a .pypirc given with --config-file), so that no
 * password needs to be typed on a command line.
 */
import { ACTION_VERSION, FLAG_INPUTS, Inputs, Outputs, State } from './constants.js'
import { InputError, formatError } from './errors.js'
import { guardScratchFile } from './host/cli-exit.js'
import { cliHost, processStreams, type CliStreams } from './host/cli-host.js'
import { redactingHost } from './host/redacting-host.js'
import { Secrets } from './secrets.js'
import { run as register } from './main.js'
import { run as cleanUp } from './post.js'

/** One line per option, in the order of the action's inputs. */
export const OPTION_HELP: Readonly<Record<string, string>> = {
  [Inputs.repository]:
    'Index URL(s) or .pypirc section name(s), comma-separated (else TWINE_REPOSITORY_URL or TWINE_REPOSITORY; one is needed).',
  [Inputs.username]: 'User name (default: TWINE_USERNAME, the .pypirc section, __token__).',
  [Inputs.password]: 'Password or token; prefer TWINE_PASSWORD, which stays out of shell history.',
  [Inputs.pypirc]: 'The content of a .pypirc (rarely handy here; see --config-file).',
  [Inputs.configFile]: 'Path of a .pypirc whose sections --repository can name.',
  [Inputs.onUnsupported]:
    'warn, skip or fail: what an index without registration support means (default warn).',
  [Inputs.retries]: 'Retries after 5xx, 429, resets and timeouts (0-10, default 3).',
  [Inputs.timeout]: 'Seconds per request (1-600, default 30).',
  [Inputs.caCert]: "PEM file of CAs to trust besides the system's.",
  [Inputs.clientCert]: 'PEM file with a client certificate and its key.',
  [Inputs.allowInsecureHttp]: 'Allow a password over plain http:// to another machine.',
  [Inputs.projectDir]: 'The project folder (default .).',
  [Inputs.metadataSource]: 'auto, dist, pkg-info, pyproject, setup-cfg or setup-py (default auto).',
  [Inputs.distDir]: 'Folder of built distributions, relative to the project (default dist).',
  [Inputs.buildIsolation]: 'true or false: ask the build backend in a fresh venv (default true).',
  [Inputs.python]: 'Python that runs the build backend (default python3, then python).',
  [Inputs.buildTimeout]: 'Seconds the build backend may take in all (1-3600, default 600).',
  [Inputs.allowUncontainedBuild]:
    'Run project code uncontained although credentials are set (where sudo -n cannot contain it).',
  [Inputs.dryRun]: 'Check and show everything, send nothing; needs no password.',
  [Inputs.checkOnly]:
    'Check the metadata, credentials and upload right on each index; register nothing.',
  [Inputs.strict]: 'Treat warnings of the metadata check as errors.',
  [Inputs.checkTag]:
    'auto, true or false: must GITHUB_REF (refs/tags/...) name the version (default auto).',
  [Inputs.tagPrefix]: 'What release tags start with before the version (default v).',
  [Inputs.verbose]: 'Show the exact fields sent (never the password).',
  [Inputs.readBack]:
    'true or false: read the release back after a 200 where the index can (default true).'
}

function helpText(): string {
  const width = Math.max(...Object.keys(OPTION_HELP).map(name => name.length)) + 10
  const lines = Object.entries(OPTION_HELP).map(([name, text]) => {
    const option = FLAG_INPUTS.has(name) ? `--${name}` : `--${name} VALUE`
    return `  ${option.padEnd(width)}${text}`
  })
  return [
    `pypi-register ${ACTION_VERSION}: register a Python project's metadata on package indexes`,
    '(the legacy :action=submit), as the GitHub Action of the same name does.',
    '',
    'Usage: pypi-register [options]',
    '',
    'Options (named like the action inputs; --name=value works too):',
    ...lines,
    `  ${'--help'.padEnd(width)}Show this help.`,
    `  ${'--version'.padEnd(width)}Show the version.`,
    '',
    'Credentials: TWINE_USERNAME and TWINE_PASSWORD (or TWINE_REPOSITORY_URL with them), or a',
    '.pypirc given with --config-file. HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.',
    'The temporary .pypirc the registration writes is removed before the command exits.',
    '',
    'Exit status: 0 when every index registered (or does not support registration); 1 when',
    'something failed (a bad option value, the metadata check, an index); 2 when the command line',
    'itself could not be read (an unknown option, a missing value, an option given twice).',
    '',
    'Example:',
    '  TWINE_USERNAME=alice TWINE_PASSWORD=... pypi-register \\',
    '    --repository https://devpi.example.com/alice/dev/ --dry-run'
  ].join('\n')
}

export type ParsedArguments =
  { kind: 'help' } | { kind: 'version' } | { kind: 'run'; inputs: Record<string, string> }

/** Reads `--name value`, `--name=value` and bare flags. Pure. */
function parseArguments(argv: readonly string[]): ParsedArguments {
  const inputs: Record<string, string> = {}
  const known = new Set(Object.keys(OPTION_HELP))
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string
    if (argument === '--help' || argument === '-h') return { kind: 'help' }
    if (argument === '--version') return { kind: 'version' }
    const match = /^--([a-z][a-z-]*)(?:=([\s\S]*))?$/.exec(argument)
    if (match === null || !known.has(match[1] as string)) {
      // Only an option's name is quoted: a value, or a misplaced URL with credentials in it, is
      // not shown (it is read before any secret is known, so no redaction could hide it).
      const option = /^(--?[A-Za-z][\w-]*)/.exec(argument)?.[1]
      throw new InputError(
        option !== undefined
          ? `Unknown option ${option}.`
          : `Argument ${i + 1} is not an option (options start with --; values follow them).`,
        'Run pypi-register --help for the options.'
      )
    }
    const name = match[1] as string
    if (name in inputs) {
      throw new InputError(
        `--${name} is given twice.`,
        name === Inputs.repository
          ? 'Give several indexes in one --repository, separated by commas.'
          : 'Give it once.'
      )
    }
    if (match[2] !== undefined) inputs[name] = match[2]
    else if (FLAG_INPUTS.has(name)) inputs[name] = 'true'
    else {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) {
        throw new InputError(
          `--${name} needs a value.`,
          `Write --${name} VALUE or --${name}=VALUE.`
        )
      }
      inputs[name] = value
      i++
    }
  }
  return { kind: 'run', inputs }
}

/** Runs the command line; returns the exit status. */
export async function runCli(argv: readonly string[], streams?: CliStreams): Promise<number> {
  const write = streams ?? processStreams()
  let parsed: ParsedArguments
  try {
    parsed = parseArguments(argv)
  } catch (error) {
    write.err(`error: ${formatError(error)}\n`)
    return 2
  }
  if (parsed.kind === 'help') {
    write.out(`${helpText()}\n`)
    return 0
  }
  if (parsed.kind === 'version') {
    write.out(`${ACTION_VERSION}\n`)
    return 0
  }
  // Installed before anything is written: every way out removes the .pypirc.
  const guard = guardScratchFile()
  const terminal = cliHost(parsed.inputs, write, (name, value) => {
    if (name === State.pypircPath) guard.written(value)
  })
  // One set of secrets for the run and for what is printed after it.
  const secrets = new Secrets()
  const host = redactingHost(terminal, secrets)
  try {
    await register(terminal, secrets)
  } finally {
    // No post step follows a command: the .pypirc goes now.
    await cleanUp(terminal, secrets)
    guard.dispose()
  }
  // The .pypirc is gone by now, so its path and section names would point at nothing.
  const gone = new Set<string>([Outputs.pypircPath, Outputs.pypircSection])
  const outputs = [...terminal.outputs].filter(([name]) => !gone.has(name))
  if (outputs.length > 0) {
    host.info('')
    for (const [name, value] of outputs) host.info(`${name}: ${value}`)
  }
  return terminal.failed ? 1 : 0
}
