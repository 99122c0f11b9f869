/**
 * Knip, run twice by `npm run lint`. `knip` reads everything (the bundles' entry points, the tests,
 * the scripts) and fails on a file, an export or a dependency that nothing uses. `knip --production`
 * reads only what the bundles hold (the `!` patterns) and fails on an export that only tests import,
 * which is code the action never runs; there an export its own module uses is a test seam, not dead.
 */
const production = process.argv.includes('--production')

export default {
  // Jest's global setup and teardown load these through tsx, by a path knip cannot follow.
  entry: [
    'src/entrypoints/*.cjs!',
    '__tests__/**/*.test.ts',
    '__tests__/support/real-servers/{start,stop}-servers.ts',
    'scripts/*.{ts,mjs,js}'
  ],
  project: ['src/**/*.{ts,cjs}!', '__tests__/**/*.ts', 'scripts/**/*.{ts,mjs,js}'],
  // A type that an exported function's signature names stays exported with it.
  ignoreExportsUsedInFile: production ? true : { interface: true, type: true },
  // scripts/bundle.mjs runs ncc's CLI by its path; bench.ts runs twine and apt-get when present;
  // the summary's tests and screenshots run Debian's cmark-gfm and chromium.
  ignoreDependencies: ['@vercel/ncc'],
  ignoreBinaries: ['twine', 'apt-get', 'cmark-gfm', 'chromium']
}
