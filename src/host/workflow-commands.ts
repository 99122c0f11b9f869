/**
 * The runner's workflow commands (`::warning file=a,line=3::message`), written here rather than
 * through @actions/core. Core's public API (`core.warning`, `core.setSecret`, ...) is only reachable
 * through its index, which also imports its OIDC client and with it @actions/http-client and undici:
 * measured on Node 24, importing that index costs a start more than everything else this step loads
 * when it sends nothing (see CONTRIBUTING.md), and the runner's own format is small and documented
 * ("Workflow commands for GitHub Actions"). Core's output is the oracle in the tests, so the two
 * cannot drift apart unnoticed.
 */
import { EOL } from 'node:os'

/** Properties of a command, named as the runner reads them: an annotation's place, an output's name. */
export interface CommandProperties {
  title?: string
  file?: string
  line?: number
  name?: string
}

/**
 * One command line, `::name key=value,...::message` with the runner's escaping, ending in EOL.
 * Empty properties (and a line 0, which names no line) are left out, as @actions/core does.
 */
export function renderCommand(
  name: string,
  properties: Readonly<CommandProperties>,
  message: string
): string {
  const pairs = Object.entries(properties)
    .filter(([, value]) => Boolean(value))
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
  const head = pairs.length > 0 ? `::${name} ${pairs.join(',')}` : `::${name}`
  return `${head}::${escapeData(message)}${EOL}`
}

/** The message: line breaks and the escape character itself, so that one command stays one line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A property value: also the `:` and `,` that separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
