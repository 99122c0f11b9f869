/**
 * Home-page, Download-URL and Project-URL: absolute http(s) URLs, and pypi.org's label limit. Pure.
 */
import { headerOf } from '../metadata/fields.js'
import {
  type Check,
  type Problem,
  eachValue,
  fieldValues,
  codePointCount,
  problem,
  showValue
} from './problem.js'

/** Why `value` is not an absolute http(s) URL, or undefined when it is one. */
function urlProblem(value: string): string | undefined {
  if (/[\s\p{Cc}]/u.test(value)) return 'it contains a space or control character'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'it is not an absolute URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `indexes accept only http and https links, not ${url.protocol.slice(0, -1)}`
  }
  if (url.hostname === '' || !/^https?:\/\//i.test(value)) return 'it has no host'
  return undefined
}

export function checkUrlField(field: 'home_page' | 'download_url'): Check {
  return eachValue(field, value => {
    const reason = urlProblem(value)
    return reason === undefined
      ? []
      : [
          problem(
            field,
            'error',
            `${headerOf(field)} ${showValue(value)} is not a valid link: ${reason}. Write a full URL such as https://example.org/project.`
          )
        ]
  })
}

const LABEL_LIMIT = 32

export const checkProjectUrls: Check = metadata => {
  const problems: Problem[] = []
  const labels = new Map<string, number>()
  for (const [entry, index] of fieldValues(metadata, 'project_urls')) {
    const shown = `Project-URL ${showValue(entry)}`
    const comma = entry.indexOf(',')
    if (comma === -1) {
      problems.push(
        problem(
          'project_urls',
          'error',
          `${shown} is not "Label, URL"; write the label, a comma, then the link (in pyproject.toml: [project.urls] Label = "https://...").`,
          index
        )
      )
      continue
    }
    const label = entry.slice(0, comma).trim()
    const url = entry.slice(comma + 1).trim()
    const add = (message: string): void => {
      problems.push(problem('project_urls', 'error', `${shown}: ${message}`, index))
    }
    if (label === '') add('the label is empty; give the link a label such as Documentation.')
    else if (codePointCount(label) > LABEL_LIMIT)
      add(
        `the label has ${codePointCount(label)} characters; the core metadata specification allows at most ${LABEL_LIMIT}: shorten it.`
      )
    if (labels.has(label)) {
      add(
        `the label is used twice (also in entry ${labels.get(label)! + 1}); give each link its own label.`
      )
    } else {
      labels.set(label, index ?? 0)
    }
    if (url === '') add('the URL is empty; give the link after the comma.')
    else {
      const reason = urlProblem(url)
      if (reason !== undefined)
        add(
          `${showValue(url)} is not a valid link: ${reason}. Write a full URL such as https://example.org/docs.`
        )
    }
  }
  return problems
}
