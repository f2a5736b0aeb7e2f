// Lint rules for what the compiler cannot see, above all the import table of design.md: each
// folder may import only the folders named there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const folders = ['shared', 'core', 'devnet', 'cli', 'electron', 'renderer'];

/** Forbids imports of the named folders (relative paths) and of the named packages. */
function importRule(forbiddenFolders, forbiddenPackages = [], message) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          // Relative paths only, so that the folder electron/ is not confused with the package.
          ...forbiddenFolders.map((folder) => ({
            group: [`../**/${folder}`, `../**/${folder}/**`, `./${folder}`, `./${folder}/**`],
            message: message ?? `design.md: this folder may not import ${folder}/.`,
          })),
          ...forbiddenPackages.map((name) => ({
            group: [name],
            message: message ?? `design.md: ${name} is not allowed here.`,
          })),
        ],
      },
    ],
  };
}

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'];
const except = (...allowed) => folders.filter((folder) => !allowed.includes(folder));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'coverage/**', '**/*.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'build/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        Buffer: 'readonly',
        console: 'readonly',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: importRule(except('shared'), ['electron', ...nodeBuiltins]),
  },
  { files: ['core/**/*.ts'], rules: importRule(except('shared', 'core'), ['electron']) },
  // Integration tests of the engine run it against a real devnet.
  { files: ['core/**/*.test.ts'], rules: importRule(['cli', 'electron', 'renderer'], ['electron']) },
  {
    files: ['devnet/**/*.ts'],
    rules: importRule([...except('shared', 'devnet'), 'shared/contract'], ['electron']),
  },
  { files: ['cli/**/*.ts'], rules: importRule(['electron', 'renderer'], ['electron']) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: importRule([...except('shared', 'renderer'), 'shared/protocol'], ['electron', ...nodeBuiltins]),
  },
  { files: ['electron/**/*.ts'], rules: importRule(['renderer', 'cli', 'devnet']) },
  {
    files: ['electron/preload/**/*.ts'],
    rules: importRule([...except('shared'), 'shared/protocol'], ['node:*']),
  },
  // The command line prints to the terminal by design.
  { files: ['cli/**/*.ts', 'bench/**/*.{ts,js}', 'scripts/**/*.js'], rules: { 'no-console': 'off' } },
);
