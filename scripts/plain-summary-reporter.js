// Prints one plain closing line ("tests: N passed, N failed") after jest's own report, so that tools
// reading the end of a CI log can count the results without knowing jest's format.
export default class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const tail = skipped > 0 ? `, ${skipped} skipped` : ''
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`
    )
  }
}
