/**
 * Classifier: the shape of a trove classifier. Pure.
 */
import { type Check, fieldValues, problem, showValue } from './problem.js'

export const checkClassifiers: Check = metadata => {
  const seen = new Map<string, number>()
  return fieldValues(metadata, 'classifiers').flatMap(([classifier, index]) => {
    const shown = `Classifier ${showValue(classifier)}`
    const reason = classifierProblem(classifier)
    if (reason !== undefined) {
      return [
        problem(
          'classifiers',
          'error',
          `${shown} is not a trove classifier: ${reason}. Copy classifiers from https://pypi.org/classifiers/, e.g. "Programming Language :: Python :: 3".`,
          index
        )
      ]
    }
    const earlier = seen.get(classifier)
    seen.set(classifier, index ?? 0)
    return earlier === undefined
      ? []
      : [problem('classifiers', 'warning', `${shown} is listed twice; remove one.`, index)]
  })
}

function classifierProblem(classifier: string): string | undefined {
  if (/[\r\n]/.test(classifier)) return 'it has a line break'
  if (classifier !== classifier.trim()) return 'it begins or ends with a space'
  const segments = classifier.split(' :: ')
  if (segments.length < 2) {
    return classifier.includes('::')
      ? 'its parts must be separated by " :: " (a space on each side)'
      : 'it has a single part; classifiers have parts separated by " :: "'
  }
  if (segments.some(segment => segment.includes('::'))) {
    return 'its parts must be separated by " :: " (a space on each side)'
  }
  if (segments.some(segment => segment.trim() === '')) return 'it has an empty part'
  if (segments.some(segment => segment !== segment.trim())) {
    return 'a part begins or ends with extra space'
  }
  return undefined
}
