import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

const PRIVATE_MESSAGE =
  "A dependency's internal file: import its documented entry point (package.json exports) instead."
/**
 * Internal paths of dependencies, as regular expressions for imports, dynamic imports and require
 * (`\\x2F` is a slash: the selector syntax of no-restricted-syntax ends a regular expression at one).
 */
const PRIVATE_PATHS = [
  { regex: '(^|\\x2F)node_modules\\x2F', message: PRIVATE_MESSAGE },
  { regex: '^undici\\x2Flib(\\x2F|$)', message: PRIVATE_MESSAGE },
  { regex: '^@actions\\x2F[^\\x2F]+\\x2Flib(\\x2F|$)', message: PRIVATE_MESSAGE }
]
const V8_MESSAGE = 'No V8 flags at run time: they change how the whole process behaves.'
const V8_FLAGS_IMPORTS = ['v8', 'node:v8'].map(name => ({
  name,
  importNames: ['setFlagsFromString'],
  message: V8_MESSAGE
}))

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '__tests__/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['log', 'error'] }]
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' }
  },
  {
    // Public APIs only: a dependency's private files change without notice in any release, and V8
    // flags set at run time change how everything after them behaves.
    files: ['**/*.{ts,mjs,cjs,js}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: PRIVATE_PATHS, paths: V8_FLAGS_IMPORTS }],
      'no-restricted-syntax': [
        'error',
        ...PRIVATE_PATHS.flatMap(({ regex, message }) => [
          { selector: `ImportExpression[source.value=/${regex}/]`, message },
          {
            selector: `CallExpression[callee.name='require'][arguments.0.value=/${regex}/]`,
            message
          }
        ]),
        { selector: "Identifier[name='setFlagsFromString']", message: V8_MESSAGE }
      ]
    }
  },
  {
    // The CommonJS launchers ncc bundles.
    files: ['src/entrypoints/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
